import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/domain/context.js';
import { oaConnection } from '../../../src/domain/zalo-oa-tokens.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { createStaffUser } from '../../../src/domain/staff-users.js';
import { createDashboardUsers, DashboardClient, PASSWORD } from '../../helpers/dashboard.js';
import { startOaHarness, type OaHarness } from '../../helpers/zalo-oa.js';

let h: OaHarness;
let admin: DashboardClient;
const testCtx = () => ({ db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir });
beforeEach(async () => {
  h = await startOaHarness({ connect: false });
  createDashboardUsers(testCtx());
  admin = new DashboardClient(h.service.app);
  await admin.signIn('quantri');
});
afterEach(async () => h?.close());

/** /connect, then Zalo's consent (the fake redirects at once): the callback URL Zalo sends the admin to. */
async function consent(): Promise<URL> {
  const start = await admin.get('/admin/zalo-oa/connect');
  expect(start.status).toBe(302);
  const permission = new URL(start.headers.get('location')!);
  expect(permission.pathname).toBe('/v4/oa/permission');
  expect(permission.searchParams.get('app_id')).toBe(h.oa.appId);
  expect(permission.searchParams.get('redirect_uri')).toBe('https://caunoi.test/admin/zalo-oa/callback');
  expect(permission.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const back = await fetch(permission, { redirect: 'manual' });
  return new URL(back.headers.get('location')!);
}

const callback = (url: URL) => admin.get(`${url.pathname}${url.search}`);

describe('the Zalo OA callback refuses what it must', () => {
  it('a state used once does not work twice', async () => {
    const url = await consent();
    expect((await callback(url)).status).toBe(303);
    const again = await callback(url);
    expect(again.status).toBe(400);
    expect(again.text).toContain('đã dùng hoặc đã hết hạn');
  });

  it('a state older than 15 minutes is refused', async () => {
    const url = await consent();
    h.clock.advance(16 * 60_000);
    expect((await callback(url)).status).toBe(400);
    expect(oaConnection({ db: h.service.db }).status).toBe('not_connected');
  });

  it('another OA than ZALO_OA_ID is refused, audited, and nothing is stored', async () => {
    const url = await consent();
    url.searchParams.set('oa_id', '999999999999');
    const res = await callback(url);
    expect(res.status).toBe(400);
    expect(res.text).toContain('không phải OA đã cấu hình');
    expect(oaConnection({ db: h.service.db }).status).toBe('not_connected');
    const audit = h.service.db.$client.prepare(`SELECT action FROM audit_log WHERE entity = 'zalo_oa' ORDER BY id`).pluck().all();
    expect(audit).toEqual(['zalo_oa.connect_start', 'zalo_oa.connect_refused']);
  });

  it('a code Zalo will not exchange gets a calm 502 page without Zalo’s words', async () => {
    const url = await consent();
    h.oa.failNext('/v4/oa/access_token', { error: -14019, message: 'Invalid authorization code' });
    const res = await callback(url);
    expect(res.status).toBe(502);
    expect(res.text).toContain('Zalo không đổi được mã cấp quyền');
    expect(res.text).not.toContain('-14019');
    expect(oaConnection({ db: h.service.db }).status).toBe('not_connected');
  });

  it('a state handed to one admin does not work for another', async () => {
    const url = await consent();
    const other = new DashboardClient(h.service.app);
    createStaffUser(testCtx(), { username: 'quantri2', displayName: 'Quản trị 2', role: 'admin', password: PASSWORD });
    await other.signIn('quantri2');
    const res = await other.get(`${url.pathname}${url.search}`);
    expect(res.status).toBe(403);
    expect(oaConnection({ db: h.service.db }).status).toBe('not_connected');
  });
});
