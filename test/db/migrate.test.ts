import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations, migrationsAreCurrent } from '../../src/db/migrate.js';
import { healthRoutes } from '../../src/http/health.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('build the whole schema on an empty file, once, with WAL and foreign keys on', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-mig-'));
    const db = openDatabase(join(dir, 'nested', 'app.db'));
    expect(migrationsAreCurrent(db).current).toBe(false);
    const before = await healthRoutes(db).request('/');
    expect(before.status).toBe(503);

    applyMigrations(db);
    applyMigrations(db); // a second start changes nothing
    const tables = (db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]).sort();
    for (const t of ['units', 'unit_kinds', 'contacts', 'invites', 'campaigns', 'requirements', 'submissions', 'files', 'outbox', 'inbound_updates', 'sessions', 'audit_log', 'reminder_fires', 'broadcasts']) {
      expect(tables).toContain(t);
    }
    expect(migrationsAreCurrent(db)).toMatchObject({ current: true });
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(db.$client.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    const after = await healthRoutes(db).request('/');
    expect(await after.json()).toMatchObject({ status: 'ok', database: 'ok', migrations: { current: true } });
    db.$client.close();
  });
});
