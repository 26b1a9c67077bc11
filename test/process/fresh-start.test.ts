import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
// `--import tsx` resolves from the working directory, which here is empty: name the loader by path.
const TSX = new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url).href;
const TSCONFIG = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };

/** package.json's start script (`node <V8 flags> --import tsx src/main.ts`) as node's arguments, by path. */
function startArgs(): string[] {
  const [command, ...args] = PACKAGE.scripts.start.split(/\s+/);
  expect(command).toBe('node');
  return args.map((arg) => (arg === 'tsx' ? TSX : arg === 'src/main.ts' ? MAIN : arg));
}

/**
 * `npm start` on a fresh clone: the default paths (./data/app.db, ./data/files) do not exist
 * yet. The real entry point runs in an empty directory, serves its pages, and stops cleanly.
 */
describe('npm start on a fresh machine', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates ./data, seeds the demo, serves the dashboard and the simulator, and stops on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-fresh-'));
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', TSX_TSCONFIG_PATH: TSCONFIG } as Record<string, string>;
    for (const name of ['DATABASE_PATH', 'FILES_DIR', 'TELEGRAM_BOT_TOKEN', 'ZALO_BOT_TOKEN', 'DEMO_DATA', 'ADMIN_API_TOKEN']) delete env[name];
    // Exactly what `npm start` runs, its V8 flags included (a flag this Node refuses would stop it).
    const child = spawn(process.execPath, startArgs(), { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /listening on (http:\/\/[^\s"]+)/.exec(output);
        if (found) resolve(found[1]!.replace('localhost', '127.0.0.1'));
      });
      void exited.then((code) => reject(new Error(`the service exited with ${code} before listening:\n${output}`)));
    });

    // The listener is up before start() finishes: wait for health rather than for a time.
    let health: Response | undefined;
    for (let i = 0; i < 200 && health?.status !== 200; i++) health = await fetch(`${base}/healthz`).catch(() => undefined);
    expect(health?.status).toBe(200);
    expect(existsSync(join(dir, 'data', 'app.db'))).toBe(true);
    const signIn = await fetch(`${base}/`);
    expect(await signIn.text()).toContain('Đăng nhập');
    const simulator = await fetch(`${base}/simulator`);
    expect(simulator.status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'data', 'app.db.lock'))).toBe(false);
  }, 60_000);
});
