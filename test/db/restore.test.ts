import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { databaseHolder, DatabaseInUseError } from '../../src/db/instance-lock.js';
import { loadConfig } from '../../src/config/env.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService } from '../../src/service.js';
import { hostname } from 'node:os';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function unitCodes(path: string): string[] {
  const db = openDatabase(path);
  const codes = db.$client.prepare('SELECT code FROM units ORDER BY code').pluck().all() as string[];
  db.$client.close();
  return codes;
}

function addUnit(path: string, code: string): void {
  const db = openDatabase(path);
  applyMigrations(db);
  db.$client
    .prepare(`INSERT OR IGNORE INTO unit_kinds (key, label, sort_order, created_at) VALUES ('truong_thpt', 'THPT', 0, 0)`)
    .run();
  db.$client
    .prepare(`INSERT INTO units (code, name, search_text, kind, active, created_at, updated_at) VALUES (?, ?, ?, 'truong_thpt', 1, 0, 0)`)
    .run(code, code, code.toLowerCase());
  db.$client.close();
}

describe('backup:restore', () => {
  it('puts the backup in place and keeps the replaced database beside it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-restore-'));
    const live = join(dir, 'app.db');
    addUnit(live, 'THPT-A');
    const db = openDatabase(live);
    await db.$client.backup(join(dir, 'app-20261124-0200.db'));
    db.$client.close();
    addUnit(live, 'THPT-B'); // written after the backup

    const out: string[] = [];
    const code = await runCli(['backup:restore', join(dir, 'app-20261124-0200.db')], { out: (l) => out.push(l), err: (l) => out.push(l) }, {
      DATABASE_PATH: live,
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('đã khôi phục');
    expect(unitCodes(live)).toEqual(['THPT-A']);
    const kept = out.join('\n').match(/kept as (\S+)\./)![1]!;
    expect(unitCodes(kept)).toEqual(['THPT-A', 'THPT-B']);
  });

  it('refuses a file that is not a Cầu Nối backup and leaves the database alone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-restore-'));
    const live = join(dir, 'app.db');
    addUnit(live, 'THPT-A');
    writeFileSync(join(dir, 'notes.db'), 'not a database at all');
    const err: string[] = [];
    const code = await runCli(['backup:restore', join(dir, 'notes.db')], { out: () => {}, err: (l) => err.push(l) }, {
      DATABASE_PATH: live,
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/not a readable SQLite database|not a Cầu Nối database/);
    expect(unitCodes(live)).toEqual(['THPT-A']);
    expect(existsSync(`${live}.restoring`)).toBe(false);
  });

  it('refuses while the service holds the database, and works once it has stopped', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-restore-'));
    const live = join(dir, 'app.db');
    addUnit(live, 'THPT-A');
    const db = openDatabase(live);
    await db.$client.backup(join(dir, 'backup.db'));
    db.$client.close();
    const config = loadConfig({ DATABASE_PATH: live, FILES_DIR: join(dir, 'files'), BACKUP_DIR: join(dir, 'backups'), DEMO_DATA: '0', LOG_LEVEL: 'silent' });
    const service = createService(config, { clock: systemClock, log: silentLogger, scheduler: false, autoSend: false });
    await service.start();

    const restore = async () => {
      const lines: string[] = [];
      const code = await runCli(['backup:restore', join(dir, 'backup.db')], { out: (l) => lines.push(l), err: (l) => lines.push(l) }, { DATABASE_PATH: live, LOG_LEVEL: 'silent' });
      return { code, text: lines.join('\n') };
    };
    const refused = await restore();
    expect(refused.code).toBe(1);
    expect(refused.text).toContain(`the service (process ${process.pid}`);
    expect(refused.text).toContain('stop it first');
    expect(existsSync(`${live}.restoring`)).toBe(false);

    await service.stop();
    expect((await restore()).code).toBe(0);
  });

  it('a second service over the same database refuses to start while the first one runs', () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-restore-'));
    const live = join(dir, 'app.db');
    // Another live process on this machine holds the lock: this test's parent (vitest's main process).
    writeFileSync(`${live}.lock`, JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: '2026-12-01T00:00:00.000Z', token: 'x' }));
    const config = loadConfig({ DATABASE_PATH: live, FILES_DIR: join(dir, 'files'), DEMO_DATA: '0', LOG_LEVEL: 'silent' });
    expect(() => createService(config, { clock: systemClock, log: silentLogger, scheduler: false })).toThrow(DatabaseInUseError);

    // A lock left by a process that is gone is taken over.
    writeFileSync(`${live}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, hostname: hostname(), startedAt: '2026-12-01T00:00:00.000Z', token: 'y' }));
    const service = createService(config, { clock: systemClock, log: silentLogger, scheduler: false });
    expect(databaseHolder(live)?.pid).toBe(process.pid);
    return service.stop().then(() => expect(existsSync(`${live}.lock`)).toBe(false));
  });
});
