/** Public shapes of the fake Telegram Bot API (what tests read and pass in). */
import type { Message, Update } from 'telegraf/types';

export type { Message, Update };

/** A Telegram user talking to the bot in a private chat (chat id = user id). */
export interface FakeUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

/** Anything with a `now()` — the project's Clock / ManualClock fit. */
export interface FakeClock {
  now(): Date;
}

/** Telegram-like flood limits; opt-in via `enforceLimits`. */
export interface RateLimitOptions {
  /** Messages per sliding second across all chats (Telegram: about 30). */
  globalPerSecond?: number;
  /** Messages per sliding second to one chat (Telegram: about 1). */
  perChatPerSecond?: number;
  /** Extra messages one chat may take within its second (Telegram tolerates short bursts). */
  perChatBurst?: number;
  /** Messages per sliding minute to one group (chat id < 0; Telegram: 20). */
  perGroupPerMinute?: number;
  /** Global limit for calls with `allow_paid_broadcast: true` (Telegram: 1000). */
  paidGlobalPerSecond?: number;
}

export interface FakeTelegramOptions {
  token?: string;
  /** Port to listen on; 0 (default) picks a free one. Always binds 127.0.0.1. */
  port?: number;
  clock?: FakeClock;
  enforceLimits?: RateLimitOptions;
  /** Answer 400 "chat not found" for chats whose user never wrote to the bot (default false). */
  knownChatsOnly?: boolean;
  /** Keep every call in `calls` (default true; benchmarks may turn it off). */
  recordCalls?: boolean;
  /** How long a webhook POST may take before it counts as failed (default 30 s). */
  webhookTimeoutMs?: number;
  /** First update_id (default 100000001). */
  firstUpdateId?: number;
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  at: Date;
  /** Set once answered with an error (e.g. 429, 403). */
  errorCode?: number;
  /** True when telegraf put the call in the webhook HTTP response instead of a request. */
  viaWebhookReply?: boolean;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  [other: string]: unknown;
}

export interface SentFile {
  fileId: string;
  fileName?: string;
  mimeType?: string;
  size: number;
}

/** A message the bot sent, as the user sees it now (edits update it in place). */
export interface SentMessage {
  chatId: number;
  messageId: number;
  kind: 'text' | 'document' | 'photo';
  /** Message text, or the caption of a document/photo ('' when none). */
  text: string;
  parseMode?: string;
  replyMarkup?: Record<string, unknown>;
  /** Inline keyboard rows ([] when none). */
  buttons: InlineButton[][];
  document?: SentFile;
  photo?: SentFile;
  at: Date;
  editedAt?: Date;
  deleted: boolean;
  /** The Telegram Message object the bot received back. */
  message: Message;
}

export interface FailSpec {
  error_code: number;
  description: string;
  retry_after?: number;
  migrate_to_chat_id?: number;
  /** How many calls fail (default 1). */
  times?: number;
  /** Only calls aimed at this chat fail. */
  chatId?: number;
}

export interface WebhookDelivery {
  updateId: number;
  /** HTTP status, or null when the connection failed or timed out. */
  status: number | null;
  error?: string;
  at: Date;
  redelivery: boolean;
}

export interface CallbackAnswer {
  queryId: string;
  text?: string;
  showAlert?: boolean;
  url?: string;
}

export interface FakeStats {
  calls: Record<string, number>;
  /** Messages the bot successfully sent (sendMessage/sendDocument/sendPhoto). */
  sent: number;
  tooManyRequests: number;
  /** Error answers by error_code. */
  errors: Record<number, number>;
  webhookDeliveries: number;
}

/** A file a user sends; give `bytes`, or only `size` to declare a file (e.g. too big to fetch). */
export interface UserFile {
  fileName: string;
  mimeType?: string;
  bytes?: Buffer | Uint8Array | string;
  size?: number;
  caption?: string;
}

export interface UserPhoto {
  bytes?: Buffer | Uint8Array | string;
  size?: number;
  width?: number;
  height?: number;
  caption?: string;
}

/** An error Telegram answers with `{ok:false, error_code, description, parameters}`. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}

export const badRequest = (what: string) => new BotApiError(400, `Bad Request: ${what}`);
