import type { ChannelRefusal } from '../../outbox/channel-sender.js';
import type { OaQuota } from './api-types.js';

const HOUR = 3600_000;
/** A consultation message is possible up to 7 days after the person last interacted (§2.4, -230 after). */
export const WINDOW_MS = 7 * 24 * HOUR;
/** Within 48 h of the person's message a reply that quotes it is free (8 of them). */
export const FREE_REPLY_MS = 48 * HOUR;

export type WindowDecision = { send: true; free: boolean } | { send: false; reason: ChannelRefusal; detail: string };

/**
 * May a consultation message go to this person now, by what Zalo's quota endpoint says? Over
 * 7 days of silence (or none at all): window_closed. No reply left in the allowance Zalo
 * reports: quota. Otherwise yes, free when within 48 h of their last message.
 */
export function windowDecision(quota: OaQuota, now: number): WindowDecision {
  const last = Number(quota.last_interaction ?? 0);
  if (!Number.isFinite(last) || last <= 0) return { send: false, reason: 'window_closed', detail: 'the person never interacted with the OA' };
  if (now - last > WINDOW_MS) return { send: false, reason: 'window_closed', detail: `last interaction ${Math.floor((now - last) / (24 * HOUR))} days ago` };
  if (quota.cs_reply && quota.cs_reply.remain <= 0) return { send: false, reason: 'quota', detail: `no reply left (${quota.cs_reply.total} used)` };
  return { send: true, free: now - last <= FREE_REPLY_MS };
}
