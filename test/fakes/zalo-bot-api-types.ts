/** Shapes of the Zalo Bot Platform fake (platforms.md §1): what tests send and read. */

export type ZaloFakeUser = { id: string; name: string };

export type ZaloSentMessage = { chatId: string; messageId: string; kind: 'text' | 'photo' | 'sticker'; text: string; photo?: string; at: number };

export type ZaloFailSpec = { error_code: number; description: string; httpStatus?: number; times?: number };

export type ZaloWebhookDelivery = { status: number; body: unknown };

export type ZaloUpdateBody = {
  event_name: string;
  message?: {
    message_id: string;
    date: number;
    chat: { id: string; chat_type: 'PRIVATE' | 'GROUP' };
    from: { id: string; display_name: string; is_bot: false };
    text?: string;
    photo?: string;
    caption?: string;
    sticker?: string;
    url?: string;
  };
};
