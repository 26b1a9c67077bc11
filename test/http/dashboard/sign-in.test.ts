import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateStaffUser } from '../../../src/domain/staff-users.js';
import { createDashboardUsers, DashboardClient, PASSWORD } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let app: TestApp['app'];
let users: ReturnType<typeof createDashboardUsers>;

beforeEach(() => {
  t = makeTestApp({ dashboard: true });
  app = t.app;
  users = createDashboardUsers(t.ctx);
});
afterEach(() => t.close());

describe('dashboard sign-in', () => {
  it('shows the sign-in form at / and sends every other page there, keeping where the person was going', async () => {
    const c = new DashboardClient(app);
    const root = await c.get('/');
    expect(root.status).toBe(200);
    expect(root.text).toContain('<h1>Đăng nhập</h1>');
    expect(root.text).toContain('<label for="username">Tên đăng nhập</label>');
    const page = await c.get('/password?from=menu');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/?next=%2Fpassword%3Ffrom%3Dmenu');
  });

  it('signs a staff user made with a password in at once, with a fresh HttpOnly, SameSite=Lax cookie; Secure behind HTTPS', async () => {
    const c = new DashboardClient(app);
    await c.get('/');
    const before = c.cookies.get('cn_session');
    expect(before).toBeUndefined();
    const res = await c.post('/sign-in', { username: 'lan', password: PASSWORD, next: '/password' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/password');
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('cn_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const page = await c.get('/');
    expect(page.text).toContain('Nguyễn Thị Lan · Cán bộ');

    // The same browser signing in again gets a new token, and the old one stops working.
    const first = c.cookies.get('cn_session')!;
    await c.post('/sign-in', { username: 'lan', password: PASSWORD, next: '/' }, { csrf: c.cookies.get('cn_presession')! });
    expect(c.cookies.get('cn_session')).not.toBe(first);
    const stale = new DashboardClient(app);
    stale.cookies.set('cn_session', first);
    expect((await stale.get('/password')).status).toBe(303);

    const https = new DashboardClient(app, 'https://caunoi.example.vn');
    await https.get('/');
    const secure = await https.post('/sign-in', { username: 'lan', password: PASSWORD });
    expect(secure.headers.getSetCookie().find((l) => l.startsWith('cn_session='))).toMatch(/Secure/);
    const proxied = await app.request('http://internal:3000/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.getSetCookie().join()).toMatch(/Secure/);
  });

  it('a staff user made through the API with a password signs in at once', async () => {
    const made = await t.request('POST', '/api/v1/staff-users', { json: { username: 'hoa', displayName: 'Lê Thị Hoa', role: 'viewer', password: 'mot-mat-khau-dai' } });
    expect(made.status).toBe(201);
    const c = new DashboardClient(app);
    expect((await c.signIn('hoa', 'mot-mat-khau-dai')).status).toBe(303);
    expect((await c.get('/')).text).toContain('Lê Thị Hoa · Lãnh đạo (chỉ xem)');
  });

  it('refuses a wrong password calmly, and an open redirect in next', async () => {
    const c = new DashboardClient(app);
    await c.get('/');
    const wrong = await c.post('/sign-in', { username: 'lan', password: 'sai-mat-khau-roi' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(wrong.text).toContain('value="lan"');
    const ok = await c.post('/sign-in', { username: 'LAN ', password: PASSWORD, next: '//evil.example/' });
    expect(ok.location).toBe('/');
  });

  it('locks a username out after 5 failures, with a delay that grows, even for the right password', async () => {
    const c = new DashboardClient(app);
    await c.get('/');
    for (let i = 0; i < 4; i++) expect((await c.post('/sign-in', { username: 'lan', password: `sai-${i}-xxxxxxxx` })).status).toBe(400);
    const fifth = await c.post('/sign-in', { username: 'lan', password: 'sai-5-xxxxxxxx' });
    expect(fifth.status).toBe(429);
    expect(fifth.text).toContain('Đăng nhập sai nhiều lần nên tạm khóa');
    const right = await c.post('/sign-in', { username: 'lan', password: PASSWORD });
    expect(right.status).toBe(429);
    expect(c.cookies.get('cn_session')).toBeUndefined();

    t.clock.advance(31_000);
    const sixth = await c.post('/sign-in', { username: 'lan', password: 'sai-6-xxxxxxxx' });
    expect(sixth.status).toBe(429);
    t.clock.advance(31_000); // the 6th failure locks for a minute, not 30 s
    expect((await c.post('/sign-in', { username: 'lan', password: PASSWORD })).status).toBe(429);
    t.clock.advance(30_000);
    expect((await c.post('/sign-in', { username: 'lan', password: PASSWORD })).status).toBe(303);
  });

  it('refuses a cross-site form post and a post without the CSRF token', async () => {
    const c = new DashboardClient(app);
    await c.signIn('lan');
    await c.get('/password');
    const crossSite = await c.post('/password', { current: PASSWORD, next: 'mat-khau-moi-12345', again: 'mat-khau-moi-12345' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain('Yêu cầu bị từ chối');
    const fetchMetadata = await c.post('/password', { current: PASSWORD, next: 'mat-khau-moi-12345', again: 'mat-khau-moi-12345' }, { origin: null, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(fetchMetadata.status).toBe(403);
    const noToken = await c.post('/password', { current: PASSWORD, next: 'mat-khau-moi-12345', again: 'mat-khau-moi-12345' }, { csrf: null });
    expect(noToken.status).toBe(403);
    const loginCsrf = await new DashboardClient(app).post('/sign-in', { username: 'lan', password: PASSWORD }, { csrf: 'made-up' });
    expect(loginCsrf.status).toBe(403);
  });

  it('changes the password (the old one stops working) and signs out', async () => {
    const c = new DashboardClient(app);
    await c.signIn('lan');
    await c.get('/password');
    const short = await c.post('/password', { current: PASSWORD, next: 'ngan', again: 'ngan' });
    expect(short.text).toContain('Mật khẩu mới cần ít nhất 10 ký tự.');
    await c.get('/password');
    const wrong = await c.post('/password', { current: 'khong-dung-dau', next: 'mat-khau-moi-12345', again: 'mat-khau-moi-12345' });
    expect(wrong.text).toContain('Mật khẩu hiện tại không đúng.');
    await c.get('/password');
    const done = await c.post('/password', { current: PASSWORD, next: 'mat-khau-moi-12345', again: 'mat-khau-moi-12345' });
    expect(done.text).toContain('Đã đổi mật khẩu.');
    await c.get('/');
    const out = await c.post('/sign-out', {});
    expect(out.status).toBe(303);
    expect((await c.get('/password')).status).toBe(303);
    expect((await new DashboardClient(app).signIn('lan')).status).toBe(400);
    expect((await new DashboardClient(app).signIn('lan', 'mat-khau-moi-12345')).status).toBe(303);
  });

  it('a deactivated user is out at the next request; a lowered role applies at once; idle sessions expire', async () => {
    const c = new DashboardClient(app);
    await c.signIn('lan');
    expect((await c.get('/')).text).toContain('Cán bộ');
    updateStaffUser(t.ctx, users.staff.id, { role: 'viewer' });
    expect((await c.get('/')).text).toContain('Lãnh đạo (chỉ xem)');
    updateStaffUser(t.ctx, users.staff.id, { active: false });
    expect((await c.get('/password')).status).toBe(303);

    const v = new DashboardClient(app);
    await v.signIn('lanhdao');
    t.clock.advance(2 * 60 * 60_000 + 1000);
    expect((await v.get('/password')).status).toBe(303);
  });
});
