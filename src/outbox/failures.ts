import { backoffMs } from './backoff.js';
import { ChannelError } from './channel-sender.js';
import type { Outcome, SendRow } from './sender-store.js';

/** What a failed send means beyond its own row. */
export type FailureEffect =
  /** 429: this chat waits retry_after, and the channel runs slower for a while. */
  | { kind: 'chat_wait'; until: number }
  /** 401: the token is refused; every chat of the channel waits. */
  | { kind: 'channel_wait'; until: number }
  | { kind: 'blocked' }
  | { kind: 'refused'; code: number | undefined }
  | { kind: 'none' };

/**
 * Reads a failed send: the platform asked us to wait (429, no attempt used), the chat is gone
 * (403, chat not found), the channel will not send it now (outside its window, no quota), the
 * message itself was refused (another 4xx), or something that a later attempt may get through
 * (5xx, network, timeout) until maxAttempts.
 */
export function readFailure(
  row: SendRow,
  err: unknown,
  now: number,
  maxAttempts: number,
): { outcome: Outcome; effect: FailureEffect } {
  const e = err instanceof ChannelError ? err : new ChannelError('network', String((err as Error)?.message ?? err));
  const retry = (at: number, refund: 0 | 1): Outcome => ({ kind: 'retry', id: row.id, at, refund, error: e.message });
  if (e.kind === 'platform' && e.code === 429) {
    const until = now + Math.max(1, e.retryAfter ?? 5) * 1000;
    return { outcome: retry(until, 1), effect: { kind: 'chat_wait', until } };
  }
  if (e.refusal) return { outcome: { kind: 'failed', id: row.id, reason: e.refusal, error: e.message }, effect: { kind: 'none' } };
  if (e.blocked) {
    return { outcome: { kind: 'chat_gone', id: row.id, channel: row.channel, chatId: row.chatId, error: e.message }, effect: { kind: 'blocked' } };
  }
  if (e.kind === 'platform' && e.code === 401) {
    return { outcome: retry(now + 60_000, 1), effect: { kind: 'channel_wait', until: now + 60_000 } };
  }
  if (e.kind === 'platform' && e.code !== undefined && e.code >= 400 && e.code < 500 && e.code !== 408) {
    return { outcome: { kind: 'failed', id: row.id, reason: 'invalid', error: e.message }, effect: { kind: 'refused', code: e.code } };
  }
  const attempts = row.attempts + 1;
  if (attempts >= maxAttempts) return { outcome: { kind: 'failed', id: row.id, reason: 'retry_limit', error: e.message }, effect: { kind: 'none' } };
  return { outcome: retry(now + backoffMs(attempts), 0), effect: { kind: 'none' } };
}
