import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'vitest-reports');

/** Runs the summary step exactly as .ci/run does: node .ci/summarize.mjs <report> <npm test status>. */
function summarize(report: string, status: number) {
  const run = spawnSync(process.execPath, [join(root, '.ci', 'summarize.mjs'), join(fixtures, report), String(status)], { encoding: 'utf8' });
  const lines = run.stdout.trim().split('\n');
  return { exitCode: run.status, last: lines[lines.length - 1], lines };
}

describe('CI summary step (.ci/summarize.mjs)', () => {
  it('prints "N passed, 0 failed" and succeeds when everything passed', () => {
    expect(summarize('all-passed.json', 0)).toMatchObject({ exitCode: 0, last: '3 passed, 0 failed' });
  });

  it('fails on a skipped test even when vitest itself exited 0', () => {
    const r = summarize('one-skipped.json', 0);
    expect(r.exitCode).toBe(1);
    expect(r.last).toBe('1 passed, 1 failed');
    expect(r.lines.join('\n')).toContain('skipped');
  });

  it('fails on a todo test', () => {
    expect(summarize('one-todo.json', 0)).toMatchObject({ exitCode: 1, last: '1 passed, 1 failed' });
  });

  it('counts a file that failed to load as a failure', () => {
    const r = summarize('file-failed-to-load.json', 1);
    expect(r).toMatchObject({ exitCode: 1, last: '1 passed, 1 failed' });
    expect(r.lines[0]).toContain('failed to load');
  });

  it('passes the failing status of npm test through', () => {
    expect(summarize('one-failed.json', 1)).toMatchObject({ exitCode: 1, last: '1 passed, 1 failed' });
  });

  it('fails when no test was executed', () => {
    const r = summarize('nothing-ran.json', 0);
    expect(r).toMatchObject({ exitCode: 1, last: '0 passed, 0 failed' });
    expect(r.lines).toContain('no tests were executed');
  });

  it('fails when there is no report at all', () => {
    const r = summarize('does-not-exist.json', 0);
    expect(r).toMatchObject({ exitCode: 1, last: '0 passed, 0 failed' });
    expect(r.lines[0]).toContain('no test report');
  });
});
