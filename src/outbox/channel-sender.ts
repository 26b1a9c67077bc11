import type { Channel, OutboundMessage } from '../core/messages.js';
import type { ChannelLimits, ChatKind } from './limits.js';

/** What a channel adapter offers the sender: its limits, and delivering one message to one chat. */
export interface ChannelSender {
  readonly channel: Channel;
  readonly limits: ChannelLimits;
  /** Which per-chat limit applies to this chat. */
  chatKind(chatId: string): ChatKind;
  /** How many platform calls the message takes (text parts, a file): each one counts against the limits. */
  callsFor(message: OutboundMessage): number;
  send(chatId: string, message: OutboundMessage): Promise<{ messageId?: string }>;
}

/** Why a channel would not even try a message: the person is outside its window, or quota is spent. */
export type ChannelRefusal = 'window_closed' | 'quota';

/**
 * Channel calls fail in two ways only (as grammY splits them): the platform answered with an
 * error, or the network failed before it could.
 */
export class ChannelError extends Error {
  constructor(
    readonly kind: 'platform' | 'network',
    message: string,
    readonly code?: number,
    /** Seconds the platform asked us to wait (429). */
    readonly retryAfter?: number,
    /** The chat is gone for good: blocked, deactivated, not found. */
    readonly blocked = false,
    /** The channel will not deliver this message now (Zalo OA: outside the window, out of quota): failed, not retried. */
    readonly refusal?: ChannelRefusal,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
