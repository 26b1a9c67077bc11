import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
});
afterEach(() => t.close());

describe('GET /audit-log', () => {
  it('shows who changed what, with before and after, newest first', async () => {
    await t.request('POST', '/api/v1/unit-kinds', { as: 'staff', json: { key: 'ubnd_phuong', label: 'UBND phường' } });
    t.clock.advance(24 * 3600_000);
    await t.request('PATCH', '/api/v1/unit-kinds/ubnd_phuong', { as: 'bootstrap', json: { label: 'UBND phường, xã' } });

    const res = await t.request('GET', '/api/v1/audit-log?entity=unit_kind&entityId=ubnd_phuong', { as: 'admin' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ total: 2, limit: 100, offset: 0 });
    const [update, create] = res.json.items;
    expect(update).toMatchObject({
      actorType: 'bootstrap_token',
      actorLabel: 'ADMIN_API_TOKEN',
      action: 'unit_kind.update',
      entity: 'unit_kind',
      entityId: 'ubnd_phuong',
      before: { label: 'UBND phường' },
      after: { label: 'UBND phường, xã' },
      at: '2026-05-16T10:00:00+07:00',
    });
    expect(create).toMatchObject({ actorType: 'api_token', actorLabel: 'token:test-staff', action: 'unit_kind.create', before: null });
  });

  it('filters by action and time, pages', async () => {
    await t.request('POST', '/api/v1/unit-kinds', { as: 'staff', json: { key: 'a_kind', label: 'A' } });
    t.clock.advance(2 * 24 * 3600_000);
    await t.request('POST', '/api/v1/unit-kinds', { as: 'staff', json: { key: 'b_kind', label: 'B' } });

    const day1 = await t.request('GET', '/api/v1/audit-log?action=unit_kind.create&from=2026-05-15&to=2026-05-15', { as: 'admin' });
    expect(day1.json.items.map((e: any) => e.entityId)).toEqual(['a_kind']);
    const later = await t.request('GET', `/api/v1/audit-log?action=unit_kind.create&from=${encodeURIComponent('2026-05-16T00:00:00+07:00')}`, { as: 'admin' });
    expect(later.json.items.map((e: any) => e.entityId)).toEqual(['b_kind']);
    const page = await t.request('GET', '/api/v1/audit-log?action=unit_kind.create&limit=1&offset=1', { as: 'admin' });
    expect(page.json).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ entityId: 'a_kind' }] });
  });

  it('names the field on an unreadable time, admin only', async () => {
    const res = await t.request('GET', '/api/v1/audit-log?from=yesterday', { as: 'admin' });
    expect(res.status).toBe(400);
    expect(res.json.field).toBe('from');
    const to = await t.request('GET', '/api/v1/audit-log?to=2026-02-31', { as: 'admin' });
    expect(to.json.field).toBe('to');
    expect((await t.request('GET', '/api/v1/audit-log', { as: 'staff' })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/audit-log', { as: 'none' })).status).toBe(401);
  });
});
