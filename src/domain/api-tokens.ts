import { asc, count, eq } from 'drizzle-orm';
import { apiTokens, staffUsers } from '../db/schema/index.js';
import { randomSecret, sha256Hex } from '../lib/ids.js';
import { lowerRole } from './authentication.js';
import { recordAudit } from './audit.js';
import type { Ctx, StaffRole } from './context.js';
import { conflict, invalid, notFound } from '../core/errors.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;
/** A token as lists show it: the prefix tells tokens apart; the hash never leaves the database. */
export type ApiToken = Omit<ApiTokenRow, 'tokenHash'>;

export function publicApiToken(row: ApiTokenRow): ApiToken {
  const { tokenHash: _hidden, ...visible } = row;
  return visible;
}

/** Creates a token; the clear text is returned once and only its hash is kept. */
export function createApiToken(
  ctx: Ctx,
  input: { name: string; role: StaffRole; staffUserId?: number | null; expiresAt?: Date | null },
): { token: string; row: ApiTokenRow } {
  if (input.expiresAt && input.expiresAt.getTime() <= ctx.clock.now().getTime()) {
    throw invalid('expiresAt must be in the future', 'expiresAt');
  }
  const token = `cn_${randomSecret(24)}`;
  return ctx.db.transaction(() => {
    if (input.staffUserId != null) {
      const user = ctx.db
        .select({ role: staffUsers.role, active: staffUsers.active })
        .from(staffUsers)
        .where(eq(staffUsers.id, input.staffUserId))
        .get();
      if (!user) throw invalid(`staff user ${input.staffUserId} not found`, 'staffUserId');
      if (!user.active) throw invalid(`staff user ${input.staffUserId} is deactivated`, 'staffUserId');
      if (lowerRole(input.role, user.role) !== input.role) {
        throw invalid(`role: cannot be above the staff user's role (${user.role})`, 'role');
      }
    }
    const row = ctx.db
      .insert(apiTokens)
      .values({
        name: input.name,
        tokenHash: sha256Hex(token),
        tokenPrefix: token.slice(0, 7),
        role: input.role,
        staffUserId: input.staffUserId ?? null,
        expiresAt: input.expiresAt ?? null,
        createdAt: ctx.clock.now(),
      })
      .returning()
      .get();
    recordAudit(ctx, { action: 'api_token.create', entity: 'api_token', entityId: row.id, after: publicApiToken(row) });
    return { token, row };
  });
}

export function listApiTokens(ctx: Ctx, q: { limit: number; offset: number }): { items: ApiToken[]; total: number } {
  const rows = ctx.db.select().from(apiTokens).orderBy(asc(apiTokens.id)).limit(q.limit).offset(q.offset).all();
  const total = ctx.db.select({ n: count() }).from(apiTokens).get()?.n ?? 0;
  return { items: rows.map(publicApiToken), total };
}

/** From now on the token gets 401; the row stays for the audit trail. */
export function revokeApiToken(ctx: Ctx, id: number): ApiToken {
  return ctx.db.transaction(() => {
    const before = ctx.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!before) throw notFound('API token', id);
    if (before.revokedAt) throw conflict(`API token ${id} is already revoked`, 'revokedAt');
    const after = ctx.db
      .update(apiTokens)
      .set({ revokedAt: ctx.clock.now() })
      .where(eq(apiTokens.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, {
      action: 'api_token.revoke',
      entity: 'api_token',
      entityId: id,
      before: publicApiToken(before),
      after: publicApiToken(after),
    });
    return publicApiToken(after);
  });
}
