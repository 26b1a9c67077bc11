import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

async function create(json: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/units', { as: 'staff', json });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

describe('units: create and read', () => {
  it('creates a unit and shows it with its parent and child count', async () => {
    const so = await create({ code: 'SGDDT_AG', name: 'Sở GDĐT An Giang', kind: 'so_gddt' });
    const pgd = await create({ code: ' PGD_CHAUDOC ', name: 'Phòng GDĐT Châu Đốc', kind: 'phong_gddt', parentId: so.id, area: 'Châu Đốc' });
    expect(pgd).toMatchObject({
      code: 'PGD_CHAUDOC',
      name: 'Phòng GDĐT Châu Đốc',
      kind: 'phong_gddt',
      parentId: so.id,
      parent: { id: so.id, code: 'SGDDT_AG', name: 'Sở GDĐT An Giang' },
      area: 'Châu Đốc',
      active: true,
      createdAt: '2026-05-15T10:00:00+07:00',
    });
    const got = await t.request('GET', `/api/v1/units/${so.id}`, { as: 'viewer' });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ code: 'SGDDT_AG', parent: null, childCount: 1 });
  });

  it('answers 404 for an unknown id and 400 for a bad one', async () => {
    const res = await t.request('GET', '/api/v1/units/9999', { as: 'viewer' });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
    expect((await t.request('GET', '/api/v1/units/abc', { as: 'viewer' })).status).toBe(400);
    expect((await t.request('PATCH', '/api/v1/units/9999', { as: 'staff', json: { name: 'x' } })).status).toBe(404);
    expect((await t.request('DELETE', '/api/v1/units/9999', { as: 'staff' })).status).toBe(404);
  });

  it('refuses a duplicate code with 409 naming code', async () => {
    await create({ code: 'THPT_TNH', name: 'Trường THPT Thoại Ngọc Hầu', kind: 'truong_thpt' });
    const res = await t.request('POST', '/api/v1/units', { as: 'staff', json: { code: 'THPT_TNH', name: 'Khác', kind: 'truong_thpt' } });
    expect(res.status).toBe(409);
    expect(res.json.field).toBe('code');
  });

  it('names the field on bad input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ code: 'có dấu', name: 'X', kind: 'truong_thpt' }, 'code'],
      [{ code: 'A'.repeat(41), name: 'X', kind: 'truong_thpt' }, 'code'],
      [{ code: 'OK1', name: '', kind: 'truong_thpt' }, 'name'],
      [{ code: 'OK1', name: 'x'.repeat(301), kind: 'truong_thpt' }, 'name'],
      [{ code: 'OK1', name: 'X', kind: 'khong_co' }, 'kind'],
      [{ code: 'OK1', name: 'X', kind: 'truong_thpt', parentId: 777 }, 'parentId'],
      [{ code: 'OK1', name: 'X' }, 'kind'],
    ];
    for (const [json, field] of cases) {
      const res = await t.request('POST', '/api/v1/units', { as: 'staff', json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.json.field, JSON.stringify(json)).toBe(field);
    }
  });

  it('checks roles', async () => {
    expect((await t.request('GET', '/api/v1/units', { as: 'none' })).status).toBe(401);
    const res = await t.request('POST', '/api/v1/units', { as: 'viewer', json: { code: 'A1', name: 'A', kind: 'truong_thpt' } });
    expect(res.status).toBe(403);
  });
});

describe('units: change, hierarchy, deactivate', () => {
  it('updates fields, refuses a taken code and an unknown kind', async () => {
    const a = await create({ code: 'A1', name: 'Trường A', kind: 'truong_thcs' });
    await create({ code: 'B1', name: 'Trường B', kind: 'truong_thcs' });
    t.clock.advance(60_000);
    const res = await t.request('PATCH', `/api/v1/units/${a.id}`, {
      as: 'staff',
      json: { code: 'A2', name: 'Trường THCS A', kind: 'truong_thcs_thpt', area: 'Tân Châu' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ code: 'A2', name: 'Trường THCS A', kind: 'truong_thcs_thpt', area: 'Tân Châu', updatedAt: '2026-05-15T10:01:00+07:00' });
    const taken = await t.request('PATCH', `/api/v1/units/${a.id}`, { as: 'staff', json: { code: 'B1' } });
    expect(taken.status).toBe(409);
    expect(taken.json.field).toBe('code');
    const badKind = await t.request('PATCH', `/api/v1/units/${a.id}`, { as: 'staff', json: { kind: 'xyz' } });
    expect(badKind.status).toBe(400);
    expect(badKind.json.field).toBe('kind');
    // The new name is searchable.
    const found = await t.request('GET', '/api/v1/units?q=truong thcs a', { as: 'viewer' });
    expect(found.json.items.map((u: { code: string }) => u.code)).toEqual(['A2']);
  });

  it('refuses cycles and unknown parents', async () => {
    const top = await create({ code: 'TOP', name: 'Sở', kind: 'so_gddt' });
    const mid = await create({ code: 'MID', name: 'Phòng', kind: 'phong_gddt', parentId: top.id });
    const leaf = await create({ code: 'LEAF', name: 'Trường', kind: 'truong_thcs', parentId: mid.id });
    for (const parentId of [top.id, leaf.id]) {
      const res = await t.request('PATCH', `/api/v1/units/${top.id}`, { as: 'staff', json: { parentId } });
      expect(res.status).toBe(400);
      expect(res.json.field).toBe('parentId');
    }
    const unknown = await t.request('PATCH', `/api/v1/units/${leaf.id}`, { as: 'staff', json: { parentId: 4242 } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.field).toBe('parentId');
    // Moving the leaf to the top and making the middle a root are fine.
    expect((await t.request('PATCH', `/api/v1/units/${leaf.id}`, { as: 'staff', json: { parentId: top.id } })).json.parent.code).toBe('TOP');
    const root = await t.request('PATCH', `/api/v1/units/${mid.id}`, { as: 'staff', json: { parentId: null } });
    expect(root.json).toMatchObject({ parentId: null, parent: null });
  });

  it('deactivates with DELETE, keeps the unit, and reactivates with PATCH', async () => {
    const u = await create({ code: 'MN_HOASEN', name: 'Trường Mầm non Hoa Sen', kind: 'truong_mam_non' });
    const del = await t.request('DELETE', `/api/v1/units/${u.id}`, { as: 'staff' });
    expect(del.status).toBe(200);
    expect(del.json.active).toBe(false);
    expect((await t.request('GET', `/api/v1/units/${u.id}`, { as: 'viewer' })).json.active).toBe(false);
    expect((await t.request('GET', '/api/v1/units?active=true', { as: 'viewer' })).json.total).toBe(0);
    expect((await t.request('GET', '/api/v1/units?active=false', { as: 'viewer' })).json.total).toBe(1);
    const back = await t.request('PATCH', `/api/v1/units/${u.id}`, { as: 'staff', json: { active: true } });
    expect(back.json.active).toBe(true);

    const actions = t.db.$client
      .prepare(`SELECT action, actor_type, before, after FROM audit_log WHERE entity = 'unit' AND entity_id = ? ORDER BY id`)
      .all(String(u.id)) as { action: string; actor_type: string; before: string | null; after: string }[];
    expect(actions.map((a) => a.action)).toEqual(['unit.create', 'unit.deactivate', 'unit.update']);
    expect(actions[0]!.actor_type).toBe('api_token');
    expect(JSON.parse(actions[1]!.before!).active).toBe(true);
    expect(JSON.parse(actions[1]!.after).active).toBe(false);
  });
});

describe('units: list, filter, search', () => {
  beforeEach(async () => {
    const so = await create({ code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo An Giang', kind: 'so_gddt' });
    const pgd = await create({ code: 'PGD_CHAUDOC', name: 'Phòng GDĐT Châu Đốc', kind: 'phong_gddt', parentId: so.id });
    await create({ code: 'PGD_LONGXUYEN', name: 'Phòng Giáo dục và Đào tạo Long Xuyên', kind: 'phong_gddt', parentId: so.id });
    await create({ code: 'THCS_CD1', name: 'Trường THCS Thủ Khoa Nghĩa', kind: 'truong_thcs', parentId: pgd.id });
    await create({ code: 'TH_CD2', name: 'Trường Tiểu học Châu Phú A', kind: 'truong_tieu_hoc', parentId: pgd.id });
  });
  const codes = (res: { json: { items: { code: string }[] } }) => res.json.items.map((u) => u.code);

  it('finds units without diacritics and across abbreviations', async () => {
    const res = await t.request('GET', `/api/v1/units?q=${encodeURIComponent('phong giao duc chau doc')}`, { as: 'viewer' });
    expect(res.status).toBe(200);
    expect(codes(res)).toEqual(['PGD_CHAUDOC']);
    expect(codes(await t.request('GET', '/api/v1/units?q=gddt', { as: 'viewer' }))).toEqual(['PGD_CHAUDOC', 'PGD_LONGXUYEN', 'SGDDT']);
    expect(codes(await t.request('GET', `/api/v1/units?q=${encodeURIComponent('Thủ khoa')}`, { as: 'viewer' }))).toEqual(['THCS_CD1']);
    expect(codes(await t.request('GET', '/api/v1/units?q=thcs_cd', { as: 'viewer' }))).toEqual(['THCS_CD1']);
    expect(codes(await t.request('GET', '/api/v1/units?q=trung hoc co so', { as: 'viewer' }))).toEqual(['THCS_CD1']);
  });

  it('filters by kind, parent and root', async () => {
    expect(codes(await t.request('GET', '/api/v1/units?kind=phong_gddt', { as: 'viewer' }))).toEqual(['PGD_CHAUDOC', 'PGD_LONGXUYEN']);
    const pgd = (await t.request('GET', '/api/v1/units?q=PGD_CHAUDOC', { as: 'viewer' })).json.items[0];
    expect(codes(await t.request('GET', `/api/v1/units?parentId=${pgd.id}`, { as: 'viewer' }))).toEqual(['THCS_CD1', 'TH_CD2']);
    expect(codes(await t.request('GET', '/api/v1/units?parentId=none', { as: 'viewer' }))).toEqual(['SGDDT']);
    const bad = await t.request('GET', '/api/v1/units?parentId=abc', { as: 'viewer' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('parentId');
  });

  it('pages with limit and offset and reports the total', async () => {
    const first = await t.request('GET', '/api/v1/units?limit=2&offset=0', { as: 'viewer' });
    expect(first.json).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(codes(first)).toEqual(['PGD_CHAUDOC', 'PGD_LONGXUYEN']);
    const last = await t.request('GET', '/api/v1/units?limit=2&offset=4', { as: 'viewer' });
    expect(codes(last)).toEqual(['TH_CD2']);
    expect(last.json.items[0].parent.code).toBe('PGD_CHAUDOC');
    expect((await t.request('GET', '/api/v1/units?limit=0', { as: 'viewer' })).json.field).toBe('limit');
  });

  it('documents every route in OpenAPI', async () => {
    const doc = await t.request('GET', '/api/openapi.json', { as: 'none' });
    expect(doc.json.paths['/api/v1/units']).toHaveProperty('get');
    expect(doc.json.paths['/api/v1/units']).toHaveProperty('post');
    expect(Object.keys(doc.json.paths['/api/v1/units/{id}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(doc.json.paths['/api/v1/units/import'].post.requestBody.content).toHaveProperty('multipart/form-data');
  });
});
