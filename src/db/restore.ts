import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { conflict, invalid } from '../core/errors.js';
import { databaseHolder, DatabaseInUseError } from './instance-lock.js';

export type RestoreResult = { restoredFrom: string; databasePath: string; previousCopy: string | undefined };

/**
 * Puts a backup in place of the live database file. The backup is checked first (a readable
 * SQLite file, integrity ok, a Cầu Nối schema); the current file is kept beside it as
 * `<db>.before-restore-<stamp>` so a wrong restore can be undone. The service must be stopped
 * (SQLite cannot swap a file under an open connection): while it holds the database, this refuses.
 */
export function restoreBackup(backupPath: string, databasePath: string, now: Date): RestoreResult {
  const holder = databaseHolder(databasePath);
  if (holder) throw conflict(new DatabaseInUseError(databasePath, holder).message, 'file');
  if (!existsSync(backupPath)) throw invalid(`no such file: ${backupPath}`, 'file');
  let check: Database.Database | undefined;
  try {
    check = new Database(backupPath, { readonly: true, fileMustExist: true });
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw invalid(`the backup is damaged (integrity_check: ${String(integrity)})`, 'file');
    const tables = check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    if (!tables.includes('__drizzle_migrations') || !tables.includes('units')) {
      throw invalid('this file is not a Cầu Nối database backup', 'file');
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'DomainError') throw err;
    throw invalid(`not a readable SQLite database: ${(err as Error).message}`, 'file');
  } finally {
    check?.close();
  }

  mkdirSync(dirname(databasePath), { recursive: true });
  let previousCopy: string | undefined;
  if (existsSync(databasePath)) {
    previousCopy = `${databasePath}.before-restore-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
    // Checkpoint the WAL into the copy, so the kept file is complete on its own.
    const current = new Database(databasePath);
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
    copyFileSync(databasePath, previousCopy);
  }
  const partial = `${databasePath}.restoring`;
  copyFileSync(backupPath, partial);
  rmSync(`${databasePath}-wal`, { force: true });
  rmSync(`${databasePath}-shm`, { force: true });
  renameSync(partial, databasePath);
  return { restoredFrom: backupPath, databasePath, previousCopy };
}
