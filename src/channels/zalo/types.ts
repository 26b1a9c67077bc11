/** Zalo Bot Platform payloads (platforms.md §1), trimmed to the fields the bot reads. */

export type ZaloEnvelope<T> = { ok: true; result: T } | { ok: false; error_code: number; description?: string };

export type ZaloUser = { id: string; display_name?: string; first_name?: string; is_bot?: boolean };

export type ZaloMessage = {
  message_id: string;
  /** Epoch milliseconds. */
  date: number;
  chat: { id: string; chat_type: 'PRIVATE' | 'GROUP' };
  from: ZaloUser;
  text?: string;
  /** message.image.received: the image URL (some clients read photo_url). */
  photo?: string;
  photo_url?: string;
  caption?: string;
  sticker?: string;
  url?: string;
};

export type ZaloUpdate = { event_name: string; message?: ZaloMessage };

export type ZaloSent = { message_id: string; date: number };

export type ZaloMe = { id: string; account_name: string; account_type: string; can_join_groups: boolean };
