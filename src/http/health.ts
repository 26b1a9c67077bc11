import { Hono } from 'hono';
import type { Db } from '../db/client.js';
import { databaseHealth } from '../db/health.js';
import { oaConnection } from '../domain/zalo-oa-tokens.js';

/**
 * Liveness for operators and load balancers: the database answers and its schema is current.
 * With the Zalo OA configured, its grant too: `zaloOa` not_connected or needs_reconnect makes
 * the service degraded (it answers nobody there) without failing the probe (503 is for the
 * database; the process itself is fine).
 */
export function healthRoutes(db: Db, opts: { zaloOa?: boolean } = {}): Hono {
  const health = new Hono();
  health.get('/', (c) => {
    const { database, migrations } = databaseHealth(db);
    const ok = database === 'ok' && migrations.current;
    const zaloOa = opts.zaloOa && ok ? oaConnection({ db }).status : undefined;
    const status = ok && (zaloOa === undefined || zaloOa === 'connected') ? 'ok' : 'degraded';
    return c.json({ status, database, migrations, ...(zaloOa ? { zaloOa } : {}) }, ok ? 200 : 503);
  });
  return health;
}
