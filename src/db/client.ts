import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens (and creates) the SQLite file with WAL, foreign keys, a busy timeout and a 2 MB page cache. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's own default page cache (2 MB); better-sqlite3 builds with 16 MB, which a large
  // broadcast fills and the process keeps. Pages beyond it come from the OS's file cache.
  sqlite.pragma('cache_size = -2000');
  return drizzle(sqlite, { schema }) as Db;
}

export { schema };
