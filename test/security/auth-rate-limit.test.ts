import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createApp } from '../../src/http/app.js';
import { AUTH_FAILURES_PER_WINDOW } from '../../src/http/authenticate.js';
import { ManualClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';

const ADMIN = 'an-admin-token-of-at-least-32-characters';
let server: ServerType | undefined;
let db: Db | undefined;
let dir = '';

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The app behind a real listener on 127.0.0.1, so the client address is a real socket's. */
async function start(env: Record<string, string> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'cau-noi-auth-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'app.db'), FILES_DIR: join(dir, 'files'), DEMO_DATA: '0', ADMIN_API_TOKEN: ADMIN, ...env });
  db = openDatabase(config.databasePath);
  applyMigrations(db);
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
  const clock = new ManualClock('2026-05-15T03:00:00Z');
  const app = createApp({ db, clock, log: createLogger('info', [ADMIN], sink), config });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (token: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/units`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  return { get, clock, lines };
}

describe('failed authentication is rate limited per client address', () => {
  it('300 wrong bearer tokens: 401 up to the limit, then 429 with Retry-After, logged once', async () => {
    const { get, clock, lines } = await start();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 300; i++) {
      last = await get(`cn_guess_${i}`);
      statuses.push(last.status);
      await last.arrayBuffer();
    }
    expect(statuses.slice(0, AUTH_FAILURES_PER_WINDOW).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(AUTH_FAILURES_PER_WINDOW).every((s) => s === 429)).toBe(true);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const warnings = lines.filter((l) => l.includes('too many failed authentications'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('127.0.0.1');

    // Even the right token waits: guessing gets no answer while the address is refused.
    const blocked = await get(ADMIN);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({ code: 'rate_limited' });

    clock.advance(61_000);
    expect((await get(ADMIN)).status).toBe(200);
  });

  it('behind a trusted proxy the forwarded client is counted, and a forged header from anyone else is not', async () => {
    const { get } = await start({ TRUSTED_PROXIES: '127.0.0.1' });
    for (let i = 0; i < AUTH_FAILURES_PER_WINDOW; i++) await (await get('wrong', { 'x-forwarded-for': '203.0.113.7' })).arrayBuffer();
    expect((await get('wrong', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
    expect((await get(ADMIN, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
    // A client that forges a chain still ends at the hop the proxy appended.
    expect((await get('wrong', { 'x-forwarded-for': '10.0.0.1, 203.0.113.7' })).status).toBe(429);
  });

  it('without a trusted proxy X-Forwarded-For is ignored', async () => {
    const { get } = await start();
    for (let i = 0; i < AUTH_FAILURES_PER_WINDOW; i++) {
      await (await get('wrong', { 'x-forwarded-for': `198.51.100.${i}` })).arrayBuffer();
    }
    expect((await get(ADMIN, { 'x-forwarded-for': '198.51.100.250' })).status).toBe(429);
  });
});
