import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffUsers } from '../../src/db/schema/index.js';
import { hashPassword, verifyPassword } from '../../src/domain/passwords.js';
import { verifyStaffPassword } from '../../src/domain/staff-users.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const hoa = { username: 'hoa.nt', displayName: 'Nguyễn Thị Hoa', email: 'hoa@sogd.example.vn', role: 'staff', password: 'mat-khau-dai-12' };

describe('staff users', () => {
  it('creates a user without ever returning the password hash', async () => {
    const res = await t.request('POST', '/api/v1/staff-users', { as: 'admin', json: hoa });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ username: 'hoa.nt', displayName: 'Nguyễn Thị Hoa', role: 'staff', active: true, hasPassword: true });
    expect(res.text).not.toContain('scrypt');
    expect(res.text).not.toContain('mat-khau');
    expect(res.json).not.toHaveProperty('passwordHash');

    const stored = t.db.select().from(staffUsers).where(eq(staffUsers.id, res.json.id)).get()!;
    expect(stored.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);

    const list = await t.request('GET', '/api/v1/staff-users', { as: 'admin' });
    expect(list.json).toMatchObject({ total: 1, items: [{ username: 'hoa.nt' }] });
    expect(list.text).not.toContain('scrypt');
    const one = await t.request('GET', `/api/v1/staff-users/${res.json.id}`, { as: 'admin' });
    expect(one.json.username).toBe('hoa.nt');
    expect(one.text).not.toContain('scrypt');

    const audit = await t.request('GET', '/api/v1/audit-log?entity=staff_user', { as: 'admin' });
    expect(audit.text).not.toContain('scrypt');
  });

  it('checks the password for the dashboard', async () => {
    await t.request('POST', '/api/v1/staff-users', { as: 'admin', json: hoa });
    expect(verifyStaffPassword(t.ctx, 'hoa.nt', hoa.password)?.username).toBe('hoa.nt');
    expect(verifyStaffPassword(t.ctx, 'hoa.nt', 'sai-mat-khau-123')).toBeUndefined();
    expect(verifyStaffPassword(t.ctx, 'nobody', hoa.password)).toBeUndefined();
    expect(verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(verifyPassword('same', hashPassword('same'))).toBe(true);
    expect(hashPassword('same')).not.toBe(hashPassword('same'));
  });

  it('names the field on bad input and refuses a taken username', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...hoa, username: 'Hoa NT' }, 'username'],
      [{ ...hoa, username: 'ab' }, 'username'],
      [{ ...hoa, password: 'short' }, 'password'],
      [{ ...hoa, role: 'boss' }, 'role'],
      [{ ...hoa, email: 'not-an-email' }, 'email'],
      [{ ...hoa, displayName: '' }, 'displayName'],
    ];
    for (const [json, field] of cases) {
      const res = await t.request('POST', '/api/v1/staff-users', { as: 'admin', json });
      expect(res.status, field).toBe(400);
      expect(res.json.field).toBe(field);
    }
    expect((await t.request('POST', '/api/v1/staff-users', { as: 'admin', json: hoa })).status).toBe(201);
    const dup = await t.request('POST', '/api/v1/staff-users', { as: 'admin', json: { ...hoa, displayName: 'Khác' } });
    expect(dup.status).toBe(409);
    expect(dup.json.field).toBe('username');
  });

  it('updates name, role, active flag and password, audited with before and after', async () => {
    const id = (await t.request('POST', '/api/v1/staff-users', { as: 'admin', json: { ...hoa, password: undefined } })).json.id;
    const res = await t.request('PATCH', `/api/v1/staff-users/${id}`, {
      as: 'admin',
      json: { displayName: 'Nguyễn Thị Hoà', role: 'viewer', password: 'mat-khau-moi-2026' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ displayName: 'Nguyễn Thị Hoà', role: 'viewer', hasPassword: true });
    expect(res.text).not.toContain('scrypt');
    expect(verifyStaffPassword(t.ctx, 'hoa.nt', 'mat-khau-moi-2026')).toBeDefined();

    const off = await t.request('PATCH', `/api/v1/staff-users/${id}`, { as: 'admin', json: { active: false } });
    expect(off.json.active).toBe(false);
    expect(verifyStaffPassword(t.ctx, 'hoa.nt', 'mat-khau-moi-2026')).toBeUndefined();

    const audit = await t.request('GET', `/api/v1/audit-log?entity=staff_user&entityId=${id}&action=staff_user.update`, { as: 'admin' });
    expect(audit.json.total).toBe(2);
    const first = audit.json.items[1];
    expect(first.before).toMatchObject({ displayName: 'Nguyễn Thị Hoa', role: 'staff', hasPassword: false });
    expect(first.after).toMatchObject({ displayName: 'Nguyễn Thị Hoà', role: 'viewer', hasPassword: true, passwordChanged: true });
    expect(audit.text).not.toContain('scrypt');
    expect(audit.text).not.toContain('mat-khau');

    const bad = await t.request('PATCH', `/api/v1/staff-users/${id}`, { as: 'admin', json: { password: '123' } });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('password');
  });

  it('404 for unknown ids, admin only', async () => {
    expect((await t.request('GET', '/api/v1/staff-users/999', { as: 'admin' })).status).toBe(404);
    expect((await t.request('PATCH', '/api/v1/staff-users/999', { as: 'admin', json: { active: false } })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/staff-users', { as: 'staff' })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/staff-users', { as: 'staff', json: hoa })).status).toBe(403);
  });
});
