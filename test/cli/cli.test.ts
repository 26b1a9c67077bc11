import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createApp } from '../../src/http/app.js';
import { systemClock } from '../../src/lib/clock.js';
import { sha256Hex } from '../../src/lib/ids.js';
import { silentLogger } from '../../src/lib/logger.js';
import { runCliProcess, type CliResult } from './cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'cau-noi-cli-'));
/** Each scenario gets its own database file, so the child processes can run side by side. */
const dbEnv = (name: string) => ({ DATABASE_PATH: join(dir, `${name}.db`), FILES_DIR: join(dir, 'files') });

let userCreated: CliResult;
let tokenCreated: CliResult;
let goodImport: CliResult;
let brokenImport: CliResult;
let unknownCommand: CliResult;
let missingFlag: CliResult;

beforeAll(async () => {
  // Six tsx starts (~1 s each) in parallel; only the token waits for its user.
  [[userCreated, tokenCreated], goodImport, brokenImport, unknownCommand, missingFlag] = await Promise.all([
    (async () => {
      const user = await runCliProcess(['user:create', '--username', 'thu.ha', '--name', 'Nguyễn Thị Thu Hà', '--role', 'staff'], dbEnv('people'));
      const token = await runCliProcess(['token:create', '--name', 'bao-cao-tuan', '--role', 'viewer', '--user', 'thu.ha', '--expires-days', '30'], dbEnv('people'));
      return [user, token] as const;
    })(),
    runCliProcess(['units:import', 'test/fixtures/units/don-vi-chau-doc.csv'], dbEnv('units')),
    runCliProcess(['units:import', 'test/fixtures/units/don-vi-loi.csv'], dbEnv('broken')),
    runCliProcess(['user:delete', '--username', 'x'], dbEnv('unused')),
    runCliProcess(['user:create', '--username', 'lan', '--role', 'viewer'], dbEnv('unused')),
  ]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withDb<T>(name: string, use: (db: Db) => T): T {
  const db = openDatabase(dbEnv(name).DATABASE_PATH);
  try {
    return use(db);
  } finally {
    db.$client.close();
  }
}

describe('npm run cli', () => {
  it('user:create creates a staff user without a password and says so, audited as cli:<os user>', () => {
    expect(userCreated.stderr).toBe('');
    expect(userCreated.code).toBe(0);
    expect(userCreated.stdout).toContain('Created staff user #1 thu.ha (Nguyễn Thị Thu Hà), role staff.');
    expect(userCreated.stdout).toContain('No password was given');
    const audit = withDb('people', (db) =>
      db.$client.prepare("SELECT actor_type, actor_label FROM audit_log WHERE action = 'staff_user.create'").get(),
    );
    expect(audit).toMatchObject({ actor_type: 'system', actor_label: expect.stringMatching(/^cli:.+/) });
  });

  it('token:create prints the token once, stores only its hash, and the app accepts it', async () => {
    expect(tokenCreated.code).toBe(0);
    const lines = tokenCreated.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Created API token #1 "bao-cao-tuan" for thu\.ha, role viewer, expires \d{4}-\d{2}-\d{2}T/);
    const token = lines[1]!;
    expect(token).toMatch(/^cn_[A-Za-z0-9_-]{32}$/);
    expect(lines[2]).toContain('will not be shown again');

    const config = loadConfig({ ...dbEnv('people'), DEMO_DATA: '0', LOG_LEVEL: 'silent' });
    const db = openDatabase(config.databasePath);
    try {
      const row = db.$client.prepare('SELECT token_hash, staff_user_id, role FROM api_tokens').get();
      expect(row).toEqual({ token_hash: sha256Hex(token), staff_user_id: 1, role: 'viewer' });

      const app = createApp({ db, clock: systemClock, log: silentLogger, config });
      const asViewer = await app.request('/api/v1/unit-kinds', { headers: { authorization: `Bearer ${token}` } });
      expect(asViewer.status).toBe(200);
      const staffOnly = await app.request('/api/v1/units', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'X1', name: 'Trường X', kind: 'truong_thpt' }),
      });
      expect(staffOnly.status).toBe(403);
    } finally {
      db.$client.close();
    }
  });

  it('units:import writes every unit of a good CSV', () => {
    expect(goodImport.code).toBe(0);
    expect(goodImport.stdout).toContain('Imported 4 units from the CSV file');
    expect(goodImport.stdout).toContain('4 new');
    const codes = withDb('units', (db) => db.$client.prepare('SELECT code FROM units ORDER BY code').pluck().all());
    expect(codes).toEqual(['PGD_CHAUDOC', 'SGDDT_AG', 'THCS_THUKHOANGHIA', 'TH_CHAUPHU_A']);
  });

  it('units:import of a broken CSV lists each row error, writes nothing and exits 1', () => {
    expect(brokenImport.code).toBe(1);
    expect(brokenImport.stdout).toBe('');
    expect(brokenImport.stderr).toContain('Tệp có 8 lỗi ở 8 dòng; chưa ghi đơn vị nào.');
    expect(brokenImport.stderr).toContain('  dòng 3, code: thiếu mã đơn vị');
    expect(brokenImport.stderr).toContain('  dòng 5, kind: loại đơn vị không tồn tại: xyz');
    expect(brokenImport.stderr).toContain('  dòng 9, parentCode: vòng lặp cấp trên');
    expect(brokenImport.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(withDb('broken', (db) => db.$client.prepare('SELECT count(*) FROM units').pluck().get())).toBe(0);
  });

  it('an unknown command exits 2 and lists the commands', () => {
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command "user:delete"');
    expect(unknownCommand.stderr).toContain('user:create, token:create, units:import, jobs, job, backup:restore, demo:seed');
  });

  it('a missing flag exits 2 naming the flag, with the usage line, before touching the database', () => {
    expect(missingFlag.code).toBe(2);
    expect(missingFlag.stderr).toContain('error: missing --name');
    expect(missingFlag.stderr).toContain('usage: npm run cli -- user:create --username <u> --name');
    expect(missingFlag.stderr).not.toMatch(/\n\s+at /);
  });
});
