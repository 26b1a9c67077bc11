import { Hono } from 'hono';
import type { Db } from '../db/client.js';
import { migrationsAreCurrent } from '../db/migrate.js';

/** Liveness for operators and load balancers: the database answers and its schema is current. */
export function healthRoutes(db: Db): Hono {
  const health = new Hono();
  health.get('/', (c) => {
    let database = 'ok';
    let migrations = { current: false, applied: 0, expected: 0 };
    try {
      db.$client.prepare('SELECT 1').get();
      migrations = migrationsAreCurrent(db);
    } catch {
      database = 'unreachable';
    }
    const ok = database === 'ok' && migrations.current;
    return c.json({ status: ok ? 'ok' : 'degraded', database, migrations }, ok ? 200 : 503);
  });
  return health;
}
