import { eq } from 'drizzle-orm';
import { signInFailures } from '../db/schema/index.js';
import type { Ctx } from './context.js';

/**
 * Lock-out after repeated failed sign-ins, with a delay that doubles on every further failure:
 * 5 failures for one username lock it for 30 s, the 6th for 1 min, … up to an hour. A client
 * address gets more room (20) since an office shares one. A success clears the username's count;
 * a quiet day clears everything.
 */
export const LOCKOUT_RULES = { username: 5, address: 20 } as const;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
const FORGET_AFTER_MS = 24 * 60 * 60_000;

export type LockoutKeys = { username: string; address: string };

const keysOf = (k: LockoutKeys) => [
  { key: `user:${k.username.trim().toLowerCase()}`, threshold: LOCKOUT_RULES.username },
  { key: `addr:${k.address}`, threshold: LOCKOUT_RULES.address },
];

/** When the sign-in may be tried again, if either key is locked now. */
export function lockedUntil(ctx: Ctx, keys: LockoutKeys): Date | undefined {
  const now = ctx.clock.now().getTime();
  let until: number | undefined;
  for (const { key } of keysOf(keys)) {
    const row = ctx.db.select().from(signInFailures).where(eq(signInFailures.key, key)).get();
    const t = row?.lockedUntil?.getTime();
    if (t !== undefined && t > now && (until === undefined || t > until)) until = t;
  }
  return until === undefined ? undefined : new Date(until);
}

export function recordSignInFailure(ctx: Ctx, keys: LockoutKeys): void {
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    for (const { key, threshold } of keysOf(keys)) {
      const row = ctx.db.select().from(signInFailures).where(eq(signInFailures.key, key)).get();
      const stale = row && now.getTime() - row.lastFailedAt.getTime() > FORGET_AFTER_MS;
      const failures = (row && !stale ? row.failures : 0) + 1;
      const over = failures - threshold;
      const lockedUntil = over >= 0 ? new Date(now.getTime() + Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** over)) : null;
      ctx.db
        .insert(signInFailures)
        .values({ key, failures, lastFailedAt: now, lockedUntil })
        .onConflictDoUpdate({ target: signInFailures.key, set: { failures, lastFailedAt: now, lockedUntil } })
        .run();
    }
  });
}

/** A good password clears the username's failures (not the address's: one right guess should not reset a spray). */
export function clearSignInFailures(ctx: Ctx, keys: LockoutKeys): void {
  const [user] = keysOf(keys);
  ctx.db.delete(signInFailures).where(eq(signInFailures.key, user!.key)).run();
}
