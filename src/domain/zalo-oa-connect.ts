import { eq } from 'drizzle-orm';
import { zaloOaAuthRequests } from '../db/schema/index.js';
import { sha256Hex } from '../lib/ids.js';
import { recordAudit } from './audit.js';
import { actorId, type Ctx } from './context.js';
import { forbidden, invalid } from '../core/errors.js';

/** Zalo's authorization code lives 10 minutes; the link we hand out does not outlive it by much. */
export const OA_AUTH_REQUEST_MS = 15 * 60_000;

/** Remembers a permission link given to the acting staff user: its state (hashed) and PKCE verifier. */
export function createOaAuthRequest(ctx: Ctx, input: { state: string; codeVerifier: string }): void {
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .insert(zaloOaAuthRequests)
      .values({
        stateHash: sha256Hex(input.state),
        codeVerifier: input.codeVerifier,
        staffUserId: ctx.actor.type === 'staff_user' ? ctx.actor.id : null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + OA_AUTH_REQUEST_MS),
      })
      .run();
    recordAudit(ctx, { action: 'zalo_oa.connect_start', entity: 'zalo_oa', entityId: null });
  });
}

/**
 * The callback's state, spent once: the request must exist, be unexpired and unused, and belong
 * to the staff user who comes back with it (a link forwarded to someone else does not work).
 * Returns the PKCE verifier to exchange the code with.
 */
export function takeOaAuthRequest(ctx: Ctx, state: string): { codeVerifier: string } {
  return ctx.db.transaction(() => {
    const row = ctx.db.select().from(zaloOaAuthRequests).where(eq(zaloOaAuthRequests.stateHash, sha256Hex(state))).get();
    if (!row || row.usedAt) throw invalid('state: unknown or already used', 'state');
    if (row.expiresAt <= ctx.clock.now()) throw invalid('state: expired', 'state');
    if (row.staffUserId !== null && String(row.staffUserId) !== actorId(ctx.actor)) throw forbidden('state: issued to another user');
    ctx.db.update(zaloOaAuthRequests).set({ usedAt: ctx.clock.now() }).where(eq(zaloOaAuthRequests.id, row.id)).run();
    return { codeVerifier: row.codeVerifier };
  });
}
