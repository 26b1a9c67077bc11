import { and, eq } from 'drizzle-orm';
import { zaloOaTokens } from '../db/schema/index.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';

export type OaTokens = typeof zaloOaTokens.$inferSelect;

/** A pair from Zalo's token endpoint; no refresh token when Zalo did not rotate it. */
export type OaGrantInput = { accessToken: string; refreshToken?: string; expiresInSeconds: number };

export type OaConnection =
  | { status: 'not_connected' }
  | { status: 'connected' | 'needs_reconnect'; oaId: string; accessExpiresAt: Date; connectedAt: Date; refreshedAt: Date | null; problem: string | null };

/** The OA's stored grant (one OA per Department; the newest row if several were ever connected). */
export function currentOaTokens(ctx: Pick<Ctx, 'db'>): OaTokens | undefined {
  return ctx.db.select().from(zaloOaTokens).orderBy(zaloOaTokens.updatedAt).all().at(-1);
}

/** What staff may see of the grant: never the tokens themselves. */
export function oaConnection(ctx: Pick<Ctx, 'db'>): OaConnection {
  const t = currentOaTokens(ctx);
  if (!t) return { status: 'not_connected' };
  return { status: t.status, oaId: t.oaId, accessExpiresAt: t.accessExpiresAt, connectedAt: t.connectedAt, refreshedAt: t.refreshedAt, problem: t.problem };
}

/** An OA admin consented: the first pair (or a new one after a reconnect) replaces whatever was stored. */
export function saveOaConnection(ctx: Ctx, input: { oaId: string; grant: OaGrantInput }): OaConnection {
  const now = ctx.clock.now();
  if (!input.grant.refreshToken) throw new Error('a connection needs a refresh token');
  const row = {
    oaId: input.oaId,
    accessToken: input.grant.accessToken,
    refreshToken: input.grant.refreshToken,
    accessExpiresAt: new Date(now.getTime() + input.grant.expiresInSeconds * 1000),
    status: 'connected' as const,
    problem: null,
    connectedAt: now,
    refreshedAt: null,
    updatedAt: now,
  };
  ctx.db.transaction(() => {
    ctx.db.delete(zaloOaTokens).run();
    ctx.db.insert(zaloOaTokens).values(row).run();
    recordAudit(ctx, { action: 'zalo_oa.connect', entity: 'zalo_oa', entityId: input.oaId, after: { accessExpiresAt: row.accessExpiresAt.toISOString() } });
  });
  return oaConnection(ctx);
}

/**
 * Stores a refreshed pair in one write, only if the refresh token spent is still the stored
 * one (compare and set): the new refresh token is durable before the new access token is used,
 * and a stale refresh can never overwrite a newer pair. Without a new refresh token the old
 * one stays (Zalo sometimes does not rotate). False when the row had moved on.
 */
export function rotateOaTokens(ctx: Ctx, input: { oaId: string; spentRefreshToken: string; grant: OaGrantInput }): boolean {
  const now = ctx.clock.now();
  const changes = ctx.db
    .update(zaloOaTokens)
    .set({
      accessToken: input.grant.accessToken,
      refreshToken: input.grant.refreshToken ?? input.spentRefreshToken,
      accessExpiresAt: new Date(now.getTime() + input.grant.expiresInSeconds * 1000),
      status: 'connected',
      problem: null,
      refreshedAt: now,
      updatedAt: now,
    })
    .where(and(eq(zaloOaTokens.oaId, input.oaId), eq(zaloOaTokens.refreshToken, input.spentRefreshToken)))
    .run().changes;
  return changes > 0;
}

/** The grant is gone (refresh refused for good): staff must connect the OA again. Audited once. */
export function markOaNeedsReconnect(ctx: Ctx, input: { oaId: string; problem: string }): void {
  ctx.db.transaction(() => {
    const changes = ctx.db
      .update(zaloOaTokens)
      .set({ status: 'needs_reconnect', problem: input.problem.slice(0, 300), updatedAt: ctx.clock.now() })
      .where(and(eq(zaloOaTokens.oaId, input.oaId), eq(zaloOaTokens.status, 'connected')))
      .run().changes;
    if (changes > 0) recordAudit(ctx, { action: 'zalo_oa.needs_reconnect', entity: 'zalo_oa', entityId: input.oaId, after: { problem: input.problem } });
  });
}
