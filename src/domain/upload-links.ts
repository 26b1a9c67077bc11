import { eq } from 'drizzle-orm';
import { uploadLinks } from '../db/schema/index.js';
import { randomSecret, sha256Hex } from '../lib/ids.js';
import { HOUR } from '../lib/time.js';
import type { Ctx } from './context.js';
import { invalid } from '../core/errors.js';

export type UploadLink = typeof uploadLinks.$inferSelect;

export const UPLOAD_LINK_HOURS = 24;

/** A personal, expiring page for one unit and requirement; only the token's hash is kept. */
export function createUploadLink(
  ctx: Ctx,
  input: { unitId: number; requirementId: number; contactId: number | null },
): { token: string; link: UploadLink } {
  const token = randomSecret(24);
  const now = ctx.clock.now();
  const link = ctx.db
    .insert(uploadLinks)
    .values({
      tokenHash: sha256Hex(token),
      unitId: input.unitId,
      requirementId: input.requirementId,
      contactId: input.contactId,
      expiresAt: new Date(now.getTime() + UPLOAD_LINK_HOURS * HOUR),
      createdAt: now,
    })
    .returning()
    .get();
  return { token, link };
}

/** The link behind a token, if it is still valid; a calm refusal otherwise. */
export function findUploadLink(ctx: Ctx, token: string): UploadLink {
  const link = ctx.db.select().from(uploadLinks).where(eq(uploadLinks.tokenHash, sha256Hex(token))).get();
  if (!link) throw invalid('Liên kết tải tệp không đúng. Vui lòng xin liên kết mới từ bot.', 'token');
  if (link.expiresAt <= ctx.clock.now()) {
    throw invalid('Liên kết tải tệp đã hết hạn. Vui lòng xin liên kết mới từ bot (gõ “nộp bài”).', 'token');
  }
  return link;
}

export function markUploadLinkUsed(ctx: Ctx, id: number): void {
  ctx.db.update(uploadLinks).set({ usedAt: ctx.clock.now() }).where(eq(uploadLinks.id, id)).run();
}
