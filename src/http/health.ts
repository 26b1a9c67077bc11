import { Hono } from 'hono';
import type { Db } from '../db/client.js';
import { databaseHealth } from '../db/health.js';

/** Liveness for operators and load balancers: the database answers and its schema is current. */
export function healthRoutes(db: Db): Hono {
  const health = new Hono();
  health.get('/', (c) => {
    const { database, migrations } = databaseHealth(db);
    const ok = database === 'ok' && migrations.current;
    return c.json({ status: ok ? 'ok' : 'degraded', database, migrations }, ok ? 200 : 503);
  });
  return health;
}
