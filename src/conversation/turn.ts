import type { Ctx } from '../domain/context.js';
import type { Contact } from '../domain/contacts.js';
import type { FormDefinition } from '../core/forms/schema.js';
import type { InboundEvent, OutboundMessage } from '../core/messages.js';
import type { SessionState } from './session.js';
import type { StaffChat } from './flows/staff-group-post.js';

/** A file that arrived with the event, fetched and checked before the turn's transaction. */
export type PrefetchedFile =
  | { ok: true; fileId: number; name: string; mimeType: string }
  | { ok: false; tooBigMb?: number; problem: string };

export type EngineServices = {
  /** The form a requirement names; undefined when it has none or it is unknown. */
  getForm: (ctx: Ctx, key: string) => FormDefinition | undefined;
  /** PUBLIC_BASE_URL, for personal upload pages. */
  publicBaseUrl: string | undefined;
  /** The staff group new tickets are posted to (TELEGRAM_STAFF_CHAT_ID), when configured. */
  staffChat?: StaffChat;
};

/** One inbound event being handled: what came in, who sent it, and what we answer. */
export type Turn = {
  ctx: Ctx;
  services: EngineServices;
  event: InboundEvent;
  contact: Contact | undefined;
  /** Folded text (lower-case, no diacritics) or the button's data. */
  input: string;
  state: SessionState;
  prefetched: PrefetchedFile | undefined;
  replies: OutboundMessage[];
  /** The person's data was just deleted on their request: nothing more is written about them. */
  erased?: boolean;
  /** What the contact's timeline keeps instead of the text (a denunciation stays on its ticket only). */
  timelineText?: string;
};

export function say(turn: Turn, message: OutboundMessage | string): void {
  turn.replies.push(typeof message === 'string' ? { text: message } : message);
}
