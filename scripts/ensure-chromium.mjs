#!/usr/bin/env node
// Runs before `npm test` (the "pretest" script): the browser tests drive a real Chromium, so
// make sure one exists before vitest starts. Plain Node, no dependencies: it must work on a
// machine where only `npm install` has run. Prints at most one line, never a stack trace.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const INSTRUCTION =
  'The browser tests need Chromium: install it (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
  'or set CHROMIUM_PATH to a Chromium or Chrome binary, then run `npm test` again.';

/**
 * Decides and does what is needed; returns the exit code. Everything it touches comes in
 * through `sys`, so each branch is tested without removing the machine's browser.
 */
export function ensureChromium(sys) {
  const chosen = sys.env.CHROMIUM_PATH;
  const path = chosen || DEFAULT_CHROMIUM;
  if (sys.isExecutable(path)) return 0;
  if (chosen) {
    sys.say(`CHROMIUM_PATH is ${chosen}, but no executable is there. ${INSTRUCTION}`);
    return 1;
  }
  if (sys.uid === 0 && sys.isDebian && sys.hasAptGet) {
    sys.say("Installing Debian's chromium package for the browser tests (once; about a minute)…");
    const ok = sys.aptInstallChromium();
    if (ok && sys.isExecutable(path)) return 0;
    sys.say(`Installing chromium with apt-get did not succeed. ${INSTRUCTION}`);
    return 1;
  }
  sys.say(INSTRUCTION);
  return 1;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function aptInstallChromium() {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { env, stdio: 'ignore' };
  if (spawnSync('apt-get', ['update', '-qq'], quiet).status !== 0) return false;
  return spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], quiet).status === 0;
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain) {
  const hasAptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  process.exitCode = ensureChromium({
    env: process.env,
    uid: typeof process.getuid === 'function' ? process.getuid() : -1,
    isDebian: existsSync('/etc/debian_version'),
    hasAptGet,
    isExecutable,
    aptInstallChromium,
    say: (line) => console.log(line),
  });
}
