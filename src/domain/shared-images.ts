import { eq } from 'drizzle-orm';
import { sharedImages } from '../db/schema/index.js';
import { notFound } from '../core/errors.js';
import { randomSecret, sha256Hex } from '../lib/ids.js';
import { DAY } from '../lib/time.js';
import type { Ctx } from './context.js';
import { getFile, openStoredFile, type StoredFile } from './files.js';

/** Long enough for a person to open the message days later; short enough not to become a public archive. */
export const SHARED_IMAGE_DAYS = 7;

const SHAREABLE = new Set(['image/jpeg', 'image/png', 'image/gif']);

/** A token for a public address of a stored image, or undefined when the file is not an image a chat app shows. */
export function shareImage(ctx: Ctx, fileId: number): string | undefined {
  if (!SHAREABLE.has(getFile(ctx, fileId).mimeType)) return undefined;
  const token = randomSecret(24);
  const now = ctx.clock.now();
  ctx.db
    .insert(sharedImages)
    .values({ tokenHash: sha256Hex(token), fileId, expiresAt: new Date(now.getTime() + SHARED_IMAGE_DAYS * DAY), createdAt: now })
    .run();
  return token;
}

/** The image behind a token that has not expired; not found otherwise (an unknown and an old token look alike). */
export function openSharedImage(ctx: Ctx, token: string): { row: StoredFile; path: string } {
  const shared = ctx.db.select().from(sharedImages).where(eq(sharedImages.tokenHash, sha256Hex(token))).get();
  if (!shared || shared.expiresAt <= ctx.clock.now()) throw notFound('image');
  return openStoredFile(ctx, shared.fileId);
}
