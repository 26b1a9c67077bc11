import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertUnit } from '../helpers/fixtures.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { at, run } from '../helpers/reminder-world.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp({ now: '2026-05-15T03:00:00Z', env: { BACKUP_KEEP_DAYS: '14' } });
  t.config.backupDir = join(t.dir, 'backups'); // the default ./data/backups is the real one
});
afterEach(() => t.close());

describe('backup job', () => {
  it('writes an online backup named by local time that opens with the data, and deletes backups older than the keep days', async () => {
    insertUnit(t.db, { code: 'THPT-ND1', name: 'Trường THPT Nam Đàn 1', kind: 'truong_thpt' });
    const dir = t.config.backupDir;
    mkdirSync(dir, { recursive: true });
    for (const name of ['app-20260430-0200.db', 'app-20260502-0200.db', 'notes.txt']) writeFileSync(join(dir, name), 'old');

    at(t, '2026-05-16 02:00');
    const r = await run(t, 'backup');
    expect(r.status).toBe('ok');
    expect(r.detail).toMatchObject({ file: join(dir, 'app-20260516-0200.db'), deleted: ['app-20260430-0200.db'] });
    expect(readdirSync(dir).sort()).toEqual(['app-20260502-0200.db', 'app-20260516-0200.db', 'notes.txt']);

    const copy = new Database(join(dir, 'app-20260516-0200.db'), { readonly: true });
    try {
      expect(copy.prepare(`SELECT name FROM units WHERE code = 'THPT-ND1'`).pluck().get()).toBe('Trường THPT Nam Đàn 1');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
    expect(existsSync(join(dir, 'app-20260516-0200.db.partial'))).toBe(false);
  });
});
