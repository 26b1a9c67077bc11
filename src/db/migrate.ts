import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.js';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export function applyMigrations(db: Db): void {
  migrate(db, { migrationsFolder });
}

type Journal = { entries: { tag: string; when: number }[] };

/** True when every migration shipped with this build has been applied to the database. */
export function migrationsAreCurrent(db: Db): { current: boolean; applied: number; expected: number } {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as Journal;
  const expected = journal.entries.length;
  let applied = 0;
  try {
    const row = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    applied = row.n;
  } catch {
    applied = 0;
  }
  return { current: applied >= expected, applied, expected };
}
