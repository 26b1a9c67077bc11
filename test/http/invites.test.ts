import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redeemInvite } from '../../src/domain/invites.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertStaffUser, insertUnit } from '../helpers/people.js';

let t: TestApp;
let unitId: number;
beforeEach(() => {
  // 10:00 in Hà Nội.
  t = makeTestApp({ now: '2026-05-15T03:00:00Z', env: { TELEGRAM_BOT_USERNAME: '@CauNoiSoGDBot' } });
  unitId = insertUnit(t.db, { code: 'THPT-ND1', name: 'Trường THPT Nam Đàn 1' }).id;
});
afterEach(() => t.close());

describe('POST /units/{id}/invites', () => {
  it('creates a code with a deep link, the Zalo text and Vietnamese instructions', async () => {
    const res = await t.request('POST', `/api/v1/units/${unitId}/invites`, { as: 'staff', json: { expiresInHours: 48, note: 'cô Hoa' } });
    expect(res.status).toBe(201);
    const invite = res.json;
    expect(invite.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    expect(invite).toMatchObject({
      role: 'unit_contact',
      state: 'active',
      unitId,
      unit: { id: unitId, code: 'THPT-ND1', name: 'Trường THPT Nam Đàn 1' },
      note: 'cô Hoa',
      expiresAt: '2026-05-17T10:00:00+07:00',
      usedAt: null,
      telegramLink: `https://t.me/CauNoiSoGDBot?start=${invite.code}`,
      telegramHint: null,
      zaloText: invite.code,
    });
    expect(invite.instructions).toContain(`https://t.me/CauNoiSoGDBot?start=${invite.code}`);
    expect(invite.instructions).toContain(`gửi mã ${invite.code} cho Bot Cầu Nối trên Zalo`);
    expect(invite.instructions).toContain('Trường THPT Nam Đàn 1');
    expect(invite.instructions).toContain('Mã dùng một lần');
    expect(invite.instructions).toContain('hết hạn lúc 10:00 ngày 17/5/2026');
  });

  it('defaults to a week and works without a body', async () => {
    const res = await t.request('POST', `/api/v1/units/${unitId}/invites`, { as: 'staff' });
    expect(res.status).toBe(201);
    expect(res.json.expiresAt).toBe('2026-05-22T10:00:00+07:00');
  });

  it('gives a hint instead of a link when the bot username is unknown', async () => {
    const plain = makeTestApp();
    try {
      const id = insertUnit(plain.db, { code: 'U1', name: 'Đơn vị 1' }).id;
      const res = await plain.request('POST', `/api/v1/units/${id}/invites`, { as: 'staff', json: {} });
      expect(res.status).toBe(201);
      expect(res.json.telegramLink).toBeNull();
      expect(res.json.telegramHint).toContain('TELEGRAM_BOT_USERNAME');
      expect(res.json.instructions).toContain(`/start ${res.json.code}`);
    } finally {
      plain.close();
    }
  });

  it('names the field on bad input', async () => {
    for (const expiresInHours of [0, 2161, 1.5]) {
      const res = await t.request('POST', `/api/v1/units/${unitId}/invites`, { as: 'staff', json: { expiresInHours } });
      expect(res.status).toBe(400);
      expect(res.json.field).toBe('expiresInHours');
    }
    const badId = await t.request('POST', '/api/v1/units/abc/invites', { as: 'staff', json: {} });
    expect(badId.status).toBe(400);
    expect(badId.json.field).toBe('id');
  });

  it('404 for an unknown unit, 409 for an inactive one', async () => {
    expect((await t.request('POST', '/api/v1/units/999/invites', { as: 'staff', json: {} })).status).toBe(404);
    const closedUnit = insertUnit(t.db, { code: 'OLD', name: 'Đơn vị đã giải thể', active: false });
    const res = await t.request('POST', `/api/v1/units/${closedUnit.id}/invites`, { as: 'staff', json: {} });
    expect(res.status).toBe(409);
    expect(res.json.field).toBe('unitId');
  });

  it('needs staff', async () => {
    expect((await t.request('POST', `/api/v1/units/${unitId}/invites`, { as: 'viewer', json: {} })).status).toBe(403);
  });
});

describe('GET /invites and POST /invites/{id}/revoke', () => {
  it('lists by unit and state, and revokes once', async () => {
    const other = insertUnit(t.db, { code: 'THPT-ND2', name: 'Trường THPT Nam Đàn 2' }).id;
    const a = (await t.request('POST', `/api/v1/units/${unitId}/invites`, { as: 'staff', json: { expiresInHours: 1 } })).json;
    const b = (await t.request('POST', `/api/v1/units/${unitId}/invites`, { as: 'staff', json: {} })).json;
    await t.request('POST', `/api/v1/units/${other}/invites`, { as: 'staff', json: {} });

    const all = await t.request('GET', '/api/v1/invites', { as: 'viewer' });
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ total: 3, limit: 100, offset: 0 });

    const mine = await t.request('GET', `/api/v1/invites?unitId=${unitId}`, { as: 'viewer' });
    expect(mine.json.items.map((i: any) => i.id)).toEqual([b.id, a.id]);

    t.clock.advance(2 * 3600_000);
    const expired = await t.request('GET', `/api/v1/invites?state=expired`, { as: 'viewer' });
    expect(expired.json.items.map((i: any) => i.id)).toEqual([a.id]);
    expect(expired.json.items[0].state).toBe('expired');

    const revoked = await t.request('POST', `/api/v1/invites/${b.id}/revoke`, { as: 'staff' });
    expect(revoked.status).toBe(200);
    expect(revoked.json.state).toBe('revoked');
    expect(revoked.json.revokedAt).toBe('2026-05-15T12:00:00+07:00');

    const again = await t.request('POST', `/api/v1/invites/${b.id}/revoke`, { as: 'staff' });
    expect(again.status).toBe(409);

    const active = await t.request('GET', `/api/v1/invites?state=active`, { as: 'viewer' });
    expect(active.json.total).toBe(1);
    const byState = await t.request('GET', `/api/v1/invites?state=revoked&unitId=${unitId}`, { as: 'viewer' });
    expect(byState.json.items.map((i: any) => i.id)).toEqual([b.id]);
  });

  it('names the field on a bad filter, 404 on an unknown invite, and needs staff to revoke', async () => {
    const bad = await t.request('GET', '/api/v1/invites?state=lost', { as: 'viewer' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('state');
    expect((await t.request('POST', '/api/v1/invites/999/revoke', { as: 'staff' })).status).toBe(404);
    const inv = (await t.request('POST', `/api/v1/units/${unitId}/invites`, { as: 'staff', json: {} })).json;
    expect((await t.request('POST', `/api/v1/invites/${inv.id}/revoke`, { as: 'viewer' })).status).toBe(403);
  });
});

describe('after a redemption', () => {
  it('shows the invite as used, refuses to revoke it, and lists the new contact', async () => {
    const inv = (await t.request('POST', `/api/v1/units/${unitId}/invites`, { as: 'staff', json: {} })).json;
    const { contact } = redeemInvite(t.ctx, { code: inv.code, channel: 'zalo', platformUserId: 'z-1', chatId: 'z-1', displayName: 'Cô Hoa' });

    const used = await t.request('GET', '/api/v1/invites?state=used', { as: 'viewer' });
    expect(used.json.items).toMatchObject([{ id: inv.id, state: 'used', usedByContactId: contact.id, usedAt: '2026-05-15T10:00:00+07:00' }]);
    const revoke = await t.request('POST', `/api/v1/invites/${inv.id}/revoke`, { as: 'staff' });
    expect(revoke.status).toBe(409);

    const contacts = await t.request('GET', `/api/v1/contacts?unitId=${unitId}`, { as: 'viewer' });
    expect(contacts.json.items).toMatchObject([
      { id: contact.id, channel: 'zalo', role: 'unit_contact', status: 'active', consentAt: '2026-05-15T10:00:00+07:00', unit: { code: 'THPT-ND1' } },
    ]);
  });
});

describe('POST /staff-users/{id}/invites', () => {
  it('lets an admin invite a staff member’s chat account', async () => {
    const user = insertStaffUser(t.db, { username: 'hoa.nt', displayName: 'Nguyễn Thị Hoa' });
    const res = await t.request('POST', `/api/v1/staff-users/${user.id}/invites`, { as: 'admin', json: {} });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ role: 'staff', staffUserId: user.id, unitId: null, unit: null, state: 'active' });
    expect(res.json.instructions).toContain('Nguyễn Thị Hoa');
    expect((await t.request('POST', `/api/v1/staff-users/${user.id}/invites`, { as: 'staff', json: {} })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/staff-users/999/invites', { as: 'admin', json: {} })).status).toBe(404);
  });
});
