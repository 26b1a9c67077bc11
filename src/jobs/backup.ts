import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DAY, fromLocal, localParts } from '../lib/time.js';
import type { Job, JobDeps } from './job.js';

/**
 * Nightly online backup of the SQLite database (better-sqlite3's backup API, safe while the
 * app runs, WAL included) into BACKUP_DIR as app-YYYYMMDD-HHMM.db (local time); backups
 * older than BACKUP_KEEP_DAYS are deleted.
 * Restore: stop the service, `npm run cli -- backup:restore <file>` (src/db/restore.ts), start it.
 */
const BACKUP_NAME = /^app-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})\.db$/;

export function backupFileName(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `app-${p.year}${two(p.month)}${two(p.day)}-${two(p.hour)}${two(p.minute)}.db`;
}

export async function backupDatabase(deps: JobDeps) {
  const { backupDir, backupKeepDays, timeZone } = deps.config;
  const now = deps.clock.now();
  mkdirSync(backupDir, { recursive: true });
  const file = backupFileName(now, timeZone);
  const target = join(backupDir, file);
  // Written under a temporary name and renamed, so a half-written file never looks like a backup.
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  await deps.db.$client.backup(partial);
  renameSync(partial, target);

  const cutoff = now.getTime() - backupKeepDays * DAY;
  const deleted: string[] = [];
  for (const name of readdirSync(backupDir).sort()) {
    const m = BACKUP_NAME.exec(name);
    if (!m || name === file) continue;
    const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
    if (fromLocal(timeZone, y, mo, d, h, mi).getTime() < cutoff) {
      rmSync(join(backupDir, name), { force: true });
      deleted.push(name);
    }
  }
  return { file: target, bytes: statSync(target).size, deleted };
}

export const backupJob: Job = {
  name: 'backup',
  schedule: '0 2 * * *',
  description: 'Sao lưu cơ sở dữ liệu hằng đêm (02:00) vào BACKUP_DIR và xóa bản sao lưu cũ hơn BACKUP_KEEP_DAYS ngày.',
  staleAfterMs: 2 * 60 * 60_000,
  run: (deps) => backupDatabase(deps),
};
