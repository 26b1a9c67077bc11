import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exchangeCode, type OaApp } from '../../../src/channels/zalo-oa/oauth.js';
import { pkceChallenge, pkceVerifier } from '../../../src/channels/zalo-oa/pkce.js';
import { OaNotConnected, OaTokenKeeper } from '../../../src/channels/zalo-oa/token-keeper.js';
import { openDatabase, type Db } from '../../../src/db/client.js';
import { applyMigrations } from '../../../src/db/migrate.js';
import { systemActor, type Ctx } from '../../../src/domain/context.js';
import { currentOaTokens, oaConnection, saveOaConnection } from '../../../src/domain/zalo-oa-tokens.js';
import { ManualClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import { FakeZaloOa } from '../../fakes/zalo-oa-api.js';

const HOUR = 3600_000;

describe('Zalo OA tokens (OAuth v4 against the fake)', () => {
  let dir: string;
  let fake: FakeZaloOa;
  let clock: ManualClock;
  let db: Db;
  let logLines: string[];
  let app: OaApp;

  const ctxFor = (database: Db): Ctx => {
    const log = createLogger('info', [], new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
    return { db: database, clock, log, actor: systemActor('test'), timeZone: 'Asia/Ho_Chi_Minh', filesDir: join(dir, 'files') };
  };
  const keeperFor = (database: Db) => new OaTokenKeeper({ ctx: ctxFor(database), app });

  /** Consent and code exchange, as the admin route does it. */
  async function connect(): Promise<void> {
    const verifier = pkceVerifier();
    const grant = await exchangeCode(app, fake.issueCode(pkceChallenge(verifier)), verifier);
    saveOaConnection(ctxFor(db), { oaId: fake.oaId, grant });
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-oa-'));
    clock = new ManualClock('2026-05-15T03:00:00Z');
    fake = await FakeZaloOa.start({ now: () => clock.now().getTime() });
    app = { appId: fake.appId, appSecret: fake.appSecret, oauthRoot: fake.oauthRoot };
    db = openDatabase(join(dir, 'app.db'));
    applyMigrations(db);
    logLines = [];
  });
  afterEach(async () => {
    db.$client.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exchanges a code only with the matching PKCE verifier, once', async () => {
    const verifier = pkceVerifier();
    const code = fake.issueCode(pkceChallenge(verifier));
    await expect(exchangeCode(app, code, pkceVerifier())).rejects.toThrow(/-14025/);
    const grant = await exchangeCode(app, code, verifier);
    expect(grant.refreshToken).toBeTruthy();
    expect(grant.expiresInSeconds).toBe(90_000);
    await expect(exchangeCode(app, code, verifier)).rejects.toThrow(/-14019/);
  });

  it('uses the stored token while it is fresh, refreshes near expiry, and the rotation survives a restart', async () => {
    await connect();
    const first = currentOaTokens(ctxFor(db))!;
    expect(await keeperFor(db).accessToken()).toBe(first.accessToken);
    expect(fake.tokenCalls.filter((c) => c.grant === 'refresh_token')).toHaveLength(0);

    clock.advance(21 * HOUR); // 4 h left of 25: inside the refresh margin
    const refreshed = await keeperFor(db).accessToken();
    expect(refreshed).not.toBe(first.accessToken);
    const rotated = currentOaTokens(ctxFor(db))!;
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect(rotated.accessToken).toBe(refreshed);

    // A restart: a new connection to the same file sees the rotated pair and spends it.
    db.$client.close();
    db = openDatabase(join(dir, 'app.db'));
    clock.advance(21 * HOUR);
    await keeperFor(db).accessToken();
    const spent = fake.tokenCalls.filter((c) => c.grant === 'refresh_token').map((c) => c.refreshToken);
    expect(spent).toEqual([first.refreshToken, rotated.refreshToken]);
    expect(oaConnection(ctxFor(db)).status).toBe('connected');
    expect(logLines.join('')).not.toContain(rotated.refreshToken);
  });

  it('refreshes once for many concurrent callers (single-flight)', async () => {
    await connect();
    clock.advance(24 * HOUR);
    const keeper = keeperFor(db);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => keeper.accessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(fake.tokenCalls.filter((c) => c.grant === 'refresh_token')).toHaveLength(1);
  });

  it('keeps the old refresh token when Zalo answers without a new one', async () => {
    await connect();
    const before = currentOaTokens(ctxFor(db))!;
    fake.rotateRefreshTokens = false;
    clock.advance(22 * HOUR);
    const token = await keeperFor(db).accessToken();
    const after = currentOaTokens(ctxFor(db))!;
    expect(after.accessToken).toBe(token);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(after.accessExpiresAt.getTime()).toBe(clock.now().getTime() + 90_000_000);
  });

  it('replaces a token Zalo rejected (-124) even when its stored expiry is far away, once', async () => {
    await connect();
    const keeper = keeperFor(db);
    const rejected = await keeper.accessToken();
    const [a, b] = await Promise.all([keeper.replaceRejected(rejected), keeper.replaceRejected(rejected)]);
    expect(a).toBe(b);
    expect(a).not.toBe(rejected);
    expect(fake.tokenCalls.filter((c) => c.grant === 'refresh_token')).toHaveLength(1);
    // A caller arriving late with the old token gets the new one without another refresh.
    expect(await keeper.replaceRejected(rejected)).toBe(a);
    expect(fake.tokenCalls.filter((c) => c.grant === 'refresh_token')).toHaveLength(1);
  });

  for (const [name, answer] of [
    ['an empty body (the refresh token was already used)', 'empty'],
    ['-14014 (invalid refresh token)', { error: -14014, message: 'Invalid refresh token.' }],
  ] as const) {
    it(`treats ${name} as terminal: needs_reconnect, logged once, never retried`, async () => {
      await connect();
      clock.advance(23 * HOUR);
      fake.failNext('/v4/oa/access_token', answer);
      const keeper = keeperFor(db);
      // The old token still has 2 h: this send goes out with it, and the grant is marked lost.
      const token = await keeper.accessToken();
      expect(token).toBe(currentOaTokens(ctxFor(db))!.accessToken);
      expect(oaConnection(ctxFor(db)).status).toBe('needs_reconnect');
      expect(logLines.filter((l) => l.includes('must connect the OA again'))).toHaveLength(1);

      clock.advance(3 * HOUR); // expired now
      for (let i = 0; i < 5; i++) await expect(keeper.accessToken()).rejects.toBeInstanceOf(OaNotConnected);
      await expect(keeperFor(db).accessToken()).rejects.toBeInstanceOf(OaNotConnected); // after a restart too
      expect(fake.tokenCalls.filter((c) => c.grant === 'refresh_token')).toHaveLength(1);
      expect(JSON.parse(logLines.find((l) => l.includes('must connect'))!).level).toBe(50);
    });
  }

  it('waits after a passing failure (HTTP 500) instead of calling again at once', async () => {
    await connect();
    clock.advance(26 * HOUR); // expired: nothing to fall back on
    fake.failNext('/v4/oa/access_token', 'http500');
    const keeper = keeperFor(db);
    await expect(keeper.accessToken()).rejects.toThrow(/HTTP 500/);
    await expect(keeper.accessToken()).rejects.toThrow(/HTTP 500/);
    expect(fake.tokenCalls).toHaveLength(2); // the exchange and one refresh
    clock.advance(31_000);
    expect(await keeper.accessToken()).toBe(currentOaTokens(ctxFor(db))!.accessToken);
    expect(oaConnection(ctxFor(db)).status).toBe('connected');
  });
});
