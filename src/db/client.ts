import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens (and creates) the SQLite file with WAL, foreign keys, a busy timeout and a 1 MB page cache. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A 1 MB page cache; better-sqlite3 builds with 16 MB, which a large broadcast fills and the
  // process keeps (SQLite's own default, 2 MB, still grew RSS by ~2 MB during a 10,000
  // broadcast). Pages beyond it come from the OS's file cache, a read() away.
  sqlite.pragma('cache_size = -1000');
  return drizzle(sqlite, { schema }) as Db;
}

export { schema };
