import type { Db } from './client.js';
import { migrationsAreCurrent } from './migrate.js';

export type DatabaseHealth = { database: 'ok' | 'unreachable'; migrations: { current: boolean; applied: number; expected: number } };

/** The database answers and its schema is current (for /healthz). */
export function databaseHealth(db: Db): DatabaseHealth {
  try {
    db.$client.prepare('SELECT 1').get();
    return { database: 'ok', migrations: migrationsAreCurrent(db) };
  } catch {
    return { database: 'unreachable', migrations: { current: false, applied: 0, expected: 0 } };
  }
}
