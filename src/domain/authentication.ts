import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import { safeEqual, sha256Hex } from '../lib/ids.js';
import type { Actor } from './context.js';

/** Resolves a bearer token to the actor it speaks for, or undefined. */
export function actorForBearerToken(
  db: Db,
  clock: Clock,
  token: string,
  bootstrapToken: string | undefined,
): Actor | undefined {
  if (bootstrapToken && safeEqual(token, bootstrapToken)) {
    return { type: 'bootstrap_token', label: 'ADMIN_API_TOKEN', role: 'admin' };
  }
  const row = db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256Hex(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return undefined;
  const now = clock.now();
  if (row.expiresAt && row.expiresAt <= now) return undefined;
  // Touch last-used at most once a minute: reads should not turn into writes.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  }
  return { type: 'api_token', id: row.id, label: `token:${row.name}`, role: row.role };
}
