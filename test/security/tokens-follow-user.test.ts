import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actorForStaffUser } from '../../src/domain/authentication.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

async function userWithToken(role: 'admin' | 'staff') {
  const user = await t.request('POST', '/api/v1/staff-users', {
    as: 'bootstrap',
    json: { username: 'lan.nt', displayName: 'Nguyễn Thị Lan', role, password: 'mat-khau-rat-dai-2026' },
  });
  const token = await t.request('POST', '/api/v1/api-tokens', { as: 'bootstrap', json: { name: 'lan-laptop', role, staffUserId: user.json.id } });
  expect(token.status).toBe(201);
  const as = (path: string) => t.app.request(path, { headers: { authorization: `Bearer ${token.json.token}` } });
  return { userId: user.json.id as number, as };
}

describe('API tokens follow their staff user', () => {
  it("a deactivated admin's token stops working at the next request", async () => {
    const lan = await userWithToken('admin');
    expect((await lan.as('/api/v1/audit-log')).status).toBe(200);
    const off = await t.request('PATCH', `/api/v1/staff-users/${lan.userId}`, { as: 'bootstrap', json: { active: false } });
    expect(off.status).toBe(200);
    const after = await lan.as('/api/v1/audit-log');
    expect(after.status).toBe(401);
    expect((await lan.as('/api/v1/units')).status).toBe(401);
    expect(actorForStaffUser(t.db, lan.userId)).toBeUndefined();

    await t.request('PATCH', `/api/v1/staff-users/${lan.userId}`, { as: 'bootstrap', json: { active: true } });
    expect((await lan.as('/api/v1/audit-log')).status).toBe(200);
  });

  it('lowering the user\'s role lowers the token with it', async () => {
    const lan = await userWithToken('admin');
    await t.request('PATCH', `/api/v1/staff-users/${lan.userId}`, { as: 'bootstrap', json: { role: 'viewer' } });
    expect((await lan.as('/api/v1/audit-log')).status).toBe(403);
    expect((await lan.as('/api/v1/units')).status).toBe(200);
    expect(actorForStaffUser(t.db, lan.userId)).toMatchObject({ type: 'staff_user', role: 'viewer' });
  });

  it('a token cannot be made above its user\'s role, nor for a deactivated user', async () => {
    const lan = await userWithToken('staff');
    const above = await t.request('POST', '/api/v1/api-tokens', { as: 'bootstrap', json: { name: 'x', role: 'admin', staffUserId: lan.userId } });
    expect(above.status).toBe(400);
    expect(above.json.field).toBe('role');
    await t.request('PATCH', `/api/v1/staff-users/${lan.userId}`, { as: 'bootstrap', json: { active: false } });
    const off = await t.request('POST', '/api/v1/api-tokens', { as: 'bootstrap', json: { name: 'y', role: 'viewer', staffUserId: lan.userId } });
    expect(off.status).toBe(400);
    expect(off.json.field).toBe('staffUserId');
  });
});
