import { apiTokens } from '../db/schema/index.js';
import { randomSecret, sha256Hex } from '../lib/ids.js';
import { recordAudit } from './audit.js';
import type { Ctx, StaffRole } from './context.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** Creates a token; the clear text is returned once and only its hash is kept. */
export function createApiToken(
  ctx: Ctx,
  input: { name: string; role: StaffRole; staffUserId?: number | null; expiresAt?: Date | null },
): { token: string; row: ApiTokenRow } {
  const token = `cn_${randomSecret(24)}`;
  return ctx.db.transaction(() => {
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
    const { tokenHash: _hidden, ...visible } = row;
    recordAudit(ctx, { action: 'api_token.create', entity: 'api_token', entityId: row.id, after: visible });
    return { token, row };
  });
}
