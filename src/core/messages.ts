/** Channel-neutral messages: no platform type crosses into the core. */

/**
 * Where a person talks to the bot. 'zalo' is the Zalo Bot Platform, 'zalo_oa' the Department's
 * Official Account: a person's user id differs between the two, and a Department may run both.
 */
export const CHANNELS = ['telegram', 'zalo', 'zalo_oa', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A button: Telegram shows an inline button; Zalo shows a numbered line the person types back. */
export type Choice = {
  label: string;
  data: string;
  /** Already written, numbered, in the message's text (a list of requirements, a question's options). */
  listed?: boolean;
};

export type OutboundMessage = {
  text: string;
  /** Rows of choices. */
  choices?: Choice[][];
  /** A link button (opens a page), e.g. the personal upload page. */
  link?: { label: string; url: string };
  /** A stored file (files.id) sent as a document where the channel can. */
  fileId?: number;
  /**
   * 'basic': the text uses the broadcast subset (**bold**, _italic_, [text](url)), rendered
   * by each channel (src/lib/formatting.ts). Absent or 'plain': sent exactly as written.
   */
  format?: 'plain' | 'basic';
  /**
   * The person answers in their own words (a number, a date, a link); the choices are
   * shortcuts. A channel without buttons lists them as words to type, never numbered.
   */
  typedAnswer?: boolean;
};

export type InboundFile = {
  /** Platform reference used to download it (Telegram file_id, an image URL on Zalo). */
  ref: string;
  name: string;
  mimeType?: string;
  /** Size the platform reports, checked before downloading. */
  size?: number;
};

export type InboundKind = 'text' | 'button' | 'file' | 'sticker' | 'unsupported' | 'uploaded';

/** One thing a person did, as the engine sees it. */
export type InboundEvent = {
  channel: Channel;
  /** Platform update id (dedupe key with the channel). */
  updateId: string;
  chatId: string;
  user: { id: string; displayName: string };
  kind: InboundKind;
  text?: string;
  /** callback data of a pressed button. */
  data?: string;
  file?: InboundFile;
  /** For 'uploaded': a file that arrived through the personal upload page. */
  storedFileId?: number;
  /** Platform message id, for replying in context where a channel needs it. */
  messageId?: string;
  /** Telegram callback query id, answered by the adapter. */
  callbackId?: string;
  /** In the staff group: the platform id of the bot's message this one replies to. */
  replyTo?: string;
};
