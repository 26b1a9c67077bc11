import type { OaQuota } from './api-types.js';

/** How long one answer of the quota endpoint stands for a person (the replies of one turn share it). */
export const QUOTA_TTL_MS = 60_000;
const MAX_PEOPLE = 10_000;

/**
 * The quota endpoint's last answer per person, for QUOTA_TTL_MS, with each delivered message
 * taken off the replies left: a reply of several messages asks Zalo once, not once per message.
 */
export class QuotaCache {
  private readonly byUser = new Map<string, { at: number; quota: OaQuota }>();

  get(userId: string, now: number): OaQuota | undefined {
    const hit = this.byUser.get(userId);
    if (!hit || now - hit.at > QUOTA_TTL_MS) return undefined;
    return hit.quota;
  }

  put(userId: string, quota: OaQuota, now: number): void {
    if (this.byUser.size >= MAX_PEOPLE && !this.byUser.has(userId)) this.byUser.clear();
    this.byUser.set(userId, { at: now, quota });
  }

  /** A message went out: one reply fewer. */
  spend(userId: string): void {
    const reply = this.byUser.get(userId)?.quota.cs_reply;
    if (reply) reply.remain -= 1;
  }

  /** The person wrote again, or Zalo refused for window or quota: ask again next time. */
  forget(userId: string): void {
    this.byUser.delete(userId);
  }
}
