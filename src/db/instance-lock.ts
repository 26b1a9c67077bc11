import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/**
 * One service per database file. The running service keeps `<database>.lock` with its pid: a
 * second service over the same file would poll the same bot and send every message twice, and
 * `backup:restore` would swap the file under an open connection that keeps writing to the old
 * one. A lock left by a crash names a process that no longer exists, and is taken over.
 */
export type DatabaseHolder = { pid: number; hostname: string; startedAt: string };
type LockFile = DatabaseHolder & { token: string };

export class DatabaseInUseError extends Error {
  constructor(
    readonly databasePath: string,
    readonly holder: DatabaseHolder,
  ) {
    super(
      `the service (process ${holder.pid}, started ${holder.startedAt}) is using ${databasePath}; ` +
        `stop it first. If no service is running, delete ${lockPath(databasePath)}.`,
    );
    this.name = 'DatabaseInUseError';
  }
}

export const lockPath = (databasePath: string) => `${databasePath}.lock`;

/** The live process holding the database, or undefined (none, or one that crashed). */
export function databaseHolder(databasePath: string): DatabaseHolder | undefined {
  const lock = readLock(databasePath);
  return lock && isAlive(lock) ? { pid: lock.pid, hostname: lock.hostname, startedAt: lock.startedAt } : undefined;
}

/**
 * Claims the database for this process; throws DatabaseInUseError while another live service
 * holds it. The same process may claim again (a restart in tests). release() removes the lock
 * only if it is still this claim's.
 */
export function claimDatabase(databasePath: string, now: Date): { release(): void } {
  if (databasePath === ':memory:') return { release() {} };
  const holder = databaseHolder(databasePath);
  if (holder && holder.pid !== process.pid) throw new DatabaseInUseError(databasePath, holder);
  const lock: LockFile = { pid: process.pid, hostname: hostname(), startedAt: now.toISOString(), token: randomBytes(8).toString('hex') };
  // On a fresh clone ./data does not exist yet: the lock comes before the database creates it.
  mkdirSync(dirname(databasePath), { recursive: true });
  const partial = `${lockPath(databasePath)}.${lock.token}`;
  writeFileSync(partial, JSON.stringify(lock));
  renameSync(partial, lockPath(databasePath));
  return {
    release() {
      if (readLock(databasePath)?.token === lock.token) rmSync(lockPath(databasePath), { force: true });
    },
  };
}

function readLock(databasePath: string): LockFile | undefined {
  try {
    const data = JSON.parse(readFileSync(lockPath(databasePath), 'utf8')) as Partial<LockFile>;
    return typeof data.pid === 'number' && typeof data.hostname === 'string' ? (data as LockFile) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Only a process on this machine can be checked. A lock written under another host name (a
 * container started again) cannot be, and is never allowed to block the start for ever.
 */
function isAlive(lock: LockFile): boolean {
  if (lock.hostname !== hostname()) return false;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
