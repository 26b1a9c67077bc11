import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'ensure-chromium.mjs');

type Sys = {
  env: Record<string, string | undefined>;
  uid: number;
  isDebian: boolean;
  hasAptGet: boolean;
  isExecutable: (path: string) => boolean;
  aptInstallChromium: () => boolean;
  say: (line: string) => void;
};
const { ensureChromium } = (await import(pathToFileURL(script).href)) as { ensureChromium: (sys: Sys) => number };

/** A machine as the pretest step sees it; by default root on Debian without Chromium. */
function machine(over: Partial<Sys> & { installs?: boolean } = {}) {
  const said: string[] = [];
  let installed = false;
  let aptRuns = 0;
  const sys: Sys = {
    env: {},
    uid: 0,
    isDebian: true,
    hasAptGet: true,
    isExecutable: () => installed,
    aptInstallChromium: () => {
      aptRuns++;
      installed = over.installs ?? true;
      return installed;
    },
    say: (line) => said.push(line),
    ...over,
  };
  return { sys, said, aptRuns: () => aptRuns };
}

describe('npm test makes sure Chromium exists (scripts/ensure-chromium.mjs)', () => {
  it('says nothing and goes on when the browser is there', () => {
    const m = machine({ isExecutable: () => true });
    expect(ensureChromium(m.sys)).toBe(0);
    expect(m.said).toEqual([]);
    expect(m.aptRuns()).toBe(0);
  });

  it('as root on Debian without Chromium: installs the package, saying so in one line', () => {
    const m = machine();
    expect(ensureChromium(m.sys)).toBe(0);
    expect(m.aptRuns()).toBe(1);
    expect(m.said).toEqual(["Installing Debian's chromium package for the browser tests (once; about a minute)…"]);
  });

  it('as a non-root user: one sentence saying what to install, and a non-zero exit', () => {
    const m = machine({ uid: 1000 });
    expect(ensureChromium(m.sys)).toBe(1);
    expect(m.aptRuns()).toBe(0);
    expect(m.said).toHaveLength(1);
    expect(m.said[0]).toContain('sudo apt-get install chromium');
    expect(m.said[0]).toContain('CHROMIUM_PATH');
  });

  it('off Debian: the same sentence, no install attempt', () => {
    const m = machine({ isDebian: false });
    expect(ensureChromium(m.sys)).toBe(1);
    expect(m.aptRuns()).toBe(0);
  });

  it('when apt-get fails: says so in one line and exits non-zero', () => {
    const m = machine({ installs: false });
    expect(ensureChromium(m.sys)).toBe(1);
    expect(m.said[1]).toMatch(/^Installing chromium with apt-get did not succeed\./);
  });

  it('CHROMIUM_PATH pointing nowhere is named, never overridden by an install', () => {
    const run = spawnSync(process.execPath, [script], { env: { ...process.env, CHROMIUM_PATH: '/nowhere/chromium' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain('CHROMIUM_PATH is /nowhere/chromium');
    expect(run.stderr).toBe('');
  });

  it('CHROMIUM_PATH pointing at a real binary is used', () => {
    const run = spawnSync(process.execPath, [script], { env: { ...process.env, CHROMIUM_PATH: process.execPath }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
  });
});
