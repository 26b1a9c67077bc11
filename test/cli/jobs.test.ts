import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'cau-noi-cli-jobs-'));
const env = { DATABASE_PATH: join(dir, 'app.db'), FILES_DIR: join(dir, 'files'), BACKUP_DIR: join(dir, 'backups'), DEMO_DATA: '0', LOG_LEVEL: 'silent' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const out: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => out.push(l) }, env);
  return { code, lines: out };
}

describe('npm run cli -- jobs', () => {
  it('lists every job with its schedule and its last run, as the README promises', async () => {
    const before = await cli('jobs');
    expect(before.code).toBe(0);
    const reminders = before.lines.findIndex((l) => l.startsWith('reminders'));
    expect(before.lines[reminders + 1]).toMatch(/last run: never/);

    expect((await cli('job', 'reminders')).code).toBe(0);
    const after = await cli('jobs');
    const at = after.lines.findIndex((l) => l.startsWith('reminders'));
    expect(after.lines[at]).toMatch(/^reminders\s+\* \* \* \* \*/);
    expect(after.lines[at + 1]).toMatch(/last run: ok at \d{2}:\d{2} ngày \d+\/\d+\/\d{4} \(cli, \d+ ms\)/);
    const backup = after.lines.findIndex((l) => l.startsWith('backup'));
    expect(after.lines[backup + 1]).toMatch(/last run: never/);
  });
});
