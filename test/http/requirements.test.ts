import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertUnit } from '../helpers/fixtures.js';

// The test clock starts at 2026-05-15 10:00 in Asia/Ho_Chi_Minh (03:00Z).
let t: TestApp;
let campaignId: number;
let units: { nd: number; dl: number; thpt: number; closedSchool: number };

beforeEach(async () => {
  t = makeTestApp();
  const pgd = insertUnit(t.db, { code: 'PGD-ND', name: 'Phòng GDĐT Nam Đàn', kind: 'phong_gddt' });
  units = {
    nd: pgd,
    dl: insertUnit(t.db, { code: 'PGD-DL', name: 'Phòng GDĐT Đô Lương', kind: 'phong_gddt' }),
    thpt: insertUnit(t.db, { code: 'THPT-KL', name: 'Trường THPT Kim Liên', kind: 'truong_thpt', parentId: null }),
    closedSchool: insertUnit(t.db, { code: 'THPT-CU', name: 'Trường THPT đã sáp nhập', kind: 'truong_thpt', active: false }),
  };
  const c = await t.request('POST', '/api/v1/campaigns', { as: 'staff', json: { title: 'Kế hoạch Dân vận khéo 2026' } });
  campaignId = c.json.id;
});
afterEach(() => t.close());

const base = { title: 'Gửi kế hoạch thực hiện', kind: 'plan', dueAt: '2026-05-23', audience: { unitKinds: ['phong_gddt'] } };

async function newRequirement(body: Record<string, unknown> = base) {
  const res = await t.request('POST', `/api/v1/campaigns/${campaignId}/requirements`, { as: 'staff', json: body });
  expect(res.status).toBe(201);
  return res.json;
}

async function submit(requirementId: number, unitId: number, extra: Record<string, unknown> = {}) {
  const res = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, {
    as: 'staff',
    json: { unitId, links: ['https://drive.example.vn/ke-hoach.pdf'], ...extra },
  });
  expect(res.status).toBe(201);
  return res.json;
}

describe('requirements', () => {
  it('creates with a bare due date meaning 17:00 local and the default reminder offsets', async () => {
    const r = await newRequirement();
    expect(r).toMatchObject({
      campaignId,
      title: 'Gửi kế hoạch thực hiện',
      kind: 'plan',
      dueAt: '2026-05-23T17:00:00+07:00',
      reminderOffsets: ['-7d', '-3d', '-1d', '0d', '+1d'],
      escalateAfter: null,
      formKey: null,
      audience: { unitKinds: ['phong_gddt'], unitIds: [] },
      scheduleVersion: 1,
      status: 'open',
    });
    const got = await t.request('GET', `/api/v1/requirements/${r.id}`, { as: 'viewer' });
    expect(got.json).toEqual(r);
    const campaign = await t.request('GET', `/api/v1/campaigns/${campaignId}`, { as: 'viewer' });
    expect(campaign.json.requirements.map((x: any) => x.id)).toEqual([r.id]);
  });

  it('sorts and de-duplicates offsets and keeps the form key and escalation', async () => {
    const r = await newRequirement({
      ...base,
      kind: 'report',
      dueAt: '2026-06-30T09:30:00+07:00',
      reminderOffsets: ['+1d', '-3d', '-12h', '-3d', '0d'],
      escalateAfter: '+3d',
      formKey: 'bao-cao-dan-van-kheo',
      audience: { unitKinds: ['phong_gddt'], unitIds: [units.thpt, units.thpt] },
    });
    expect(r.reminderOffsets).toEqual(['-3d', '-12h', '0d', '+1d']);
    expect(r.audience.unitIds).toEqual([units.thpt]);
    expect(r).toMatchObject({ escalateAfter: '+3d', formKey: 'bao-cao-dan-van-kheo', dueAt: '2026-06-30T09:30:00+07:00' });
  });

  it('names the field for each kind of bad input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, dueAt: 'thứ sáu tuần sau' }, 'dueAt'],
      [{ ...base, dueAt: '2026-02-30' }, 'dueAt'],
      [{ ...base, reminderOffsets: ['-7d', 'một ngày'] }, 'reminderOffsets'],
      [{ ...base, escalateAfter: '-2d' }, 'escalateAfter'],
      [{ ...base, formKey: 'Bad Key!' }, 'formKey'],
      [{ ...base, formKey: 'khong-co-bieu-mau-nay' }, 'formKey'],
      [{ ...base, audience: { unitKinds: [], unitIds: [] } }, 'audience'],
      [{ ...base, audience: {} }, 'audience'],
      [{ ...base, audience: { unitKinds: ['truong_dai_hoc'] } }, 'audience.unitKinds'],
      [{ ...base, audience: { unitIds: [999] } }, 'audience.unitIds'],
      [{ ...base, kind: 'memo' }, 'kind'],
      [{ ...base, title: '' }, 'title'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('POST', `/api/v1/campaigns/${campaignId}/requirements`, { as: 'staff', json: body });
      expect({ status: res.status, field: res.json.field }).toEqual({ status: 400, field });
    }
  });

  it('answers 404 for unknown ids', async () => {
    expect((await t.request('POST', '/api/v1/campaigns/999/requirements', { as: 'staff', json: base })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/requirements/999', { as: 'viewer' })).status).toBe(404);
    expect((await t.request('PATCH', '/api/v1/requirements/999', { as: 'staff', json: { title: 'x' } })).status).toBe(404);
    expect((await t.request('POST', '/api/v1/requirements/999/close', { as: 'staff' })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/requirements/999/status', { as: 'viewer' })).status).toBe(404);
  });

  it('bumps scheduleVersion only when due time, offsets or audience change, and audits', async () => {
    const r = await newRequirement();
    const renamed = await t.request('PATCH', `/api/v1/requirements/${r.id}`, { as: 'staff', json: { title: 'Gửi kế hoạch (bản mới)' } });
    expect(renamed.json).toMatchObject({ title: 'Gửi kế hoạch (bản mới)', scheduleVersion: 1 });
    const sameDue = await t.request('PATCH', `/api/v1/requirements/${r.id}`, { as: 'staff', json: { dueAt: '2026-05-23 17:00' } });
    expect(sameDue.json.scheduleVersion).toBe(1);
    const moved = await t.request('PATCH', `/api/v1/requirements/${r.id}`, { as: 'staff', json: { dueAt: '2026-05-25' } });
    expect(moved.json).toMatchObject({ dueAt: '2026-05-25T17:00:00+07:00', scheduleVersion: 2 });
    const offsets = await t.request('PATCH', `/api/v1/requirements/${r.id}`, { as: 'staff', json: { reminderOffsets: ['-1d'] } });
    expect(offsets.json.scheduleVersion).toBe(3);
    const audience = await t.request('PATCH', `/api/v1/requirements/${r.id}`, {
      as: 'staff',
      json: { audience: { unitKinds: ['phong_gddt', 'truong_thpt'] } },
    });
    expect(audience.json.scheduleVersion).toBe(4);
    const bad = await t.request('PATCH', `/api/v1/requirements/${r.id}`, { as: 'staff', json: { reminderOffsets: ['soon'] } });
    expect(bad.json.field).toBe('reminderOffsets');

    const actions = t.db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.entity === 'requirement')
      .map((a) => a.action);
    expect(actions).toEqual(['requirement.create', ...Array(5).fill('requirement.update')]);
  });

  it('lists by campaign and status, and closing refuses submissions with 409', async () => {
    const r1 = await newRequirement();
    const r2 = await newRequirement({ ...base, kind: 'report', dueAt: '2026-11-30' });
    const closed = await t.request('POST', `/api/v1/requirements/${r1.id}/close`, { as: 'staff' });
    expect(closed.json).toMatchObject({ status: 'closed', closedAt: '2026-05-15T10:00:00+07:00' });

    const all = await t.request('GET', `/api/v1/requirements?campaignId=${campaignId}`, { as: 'viewer' });
    expect(all.json.items.map((x: any) => x.id)).toEqual([r1.id, r2.id]);
    const open = await t.request('GET', '/api/v1/requirements?status=open', { as: 'viewer' });
    expect(open.json.items.map((x: any) => x.id)).toEqual([r2.id]);
    const none = await t.request('GET', '/api/v1/requirements?campaignId=999', { as: 'viewer' });
    expect(none.json.total).toBe(0);

    const refused = await t.request('POST', `/api/v1/requirements/${r1.id}/submissions`, {
      as: 'staff',
      json: { unitId: units.nd, note: 'gửi muộn' },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('closed');
  });
});

describe('requirement status', () => {
  it('moves units through missing, late, submitted and returned as time passes', async () => {
    const r = await newRequirement({ ...base, audience: { unitKinds: ['phong_gddt'], unitIds: [units.thpt, units.closedSchool] } });
    insertContact(t.db, units.nd);
    insertContact(t.db, units.nd);
    insertContact(t.db, units.nd, { status: 'blocked' });
    insertContact(t.db, units.dl, { role: 'citizen' });

    let s = await t.request('GET', `/api/v1/requirements/${r.id}/status`, { as: 'viewer' });
    expect(s.status).toBe(200);
    expect(s.json.dueAt).toBe('2026-05-23T17:00:00+07:00');
    expect(s.json.requirement).toMatchObject({ id: r.id, campaignId, kind: 'plan', status: 'open' });
    // The inactive school is not in the audience.
    expect(s.json.counts).toEqual({ total: 3, missing: 3, submitted: 0, late: 0, returned: 0 });
    expect(s.json.items.map((i: any) => i.unit.code)).toEqual(['PGD-DL', 'PGD-ND', 'THPT-KL']);
    expect(s.json.items[1]).toEqual({
      unit: { id: units.nd, code: 'PGD-ND', name: 'Phòng GDĐT Nam Đàn', kind: 'phong_gddt', parentId: null },
      status: 'missing',
      lastSubmittedAt: null,
      latestVersion: null,
      submissionId: null,
      reviewState: null,
      onTime: null,
      firstSubmittedAt: null,
      contactCount: 2,
      extendedDueAt: null,
    });

    // Nam Đàn sends on time.
    const onTime = await submit(r.id, units.nd);
    // After the deadline: Đô Lương has nothing yet, Kim Liên sends late.
    t.clock.set('2026-05-23T10:00:01Z');
    s = await t.request('GET', `/api/v1/requirements/${r.id}/status`, { as: 'viewer' });
    expect(s.json.counts).toEqual({ total: 3, missing: 0, submitted: 1, late: 2, returned: 0 });
    t.clock.set('2026-05-24T02:00:00Z');
    const lateOne = await submit(r.id, units.thpt);
    expect(lateOne.onTime).toBe(false);

    s = await t.request('GET', `/api/v1/requirements/${r.id}/status`, { as: 'viewer' });
    const byCode = Object.fromEntries(s.json.items.map((i: any) => [i.unit.code, i]));
    expect(byCode['PGD-ND']).toMatchObject({ status: 'submitted', latestVersion: 1, submissionId: onTime.id, lastSubmittedAt: '2026-05-15T10:00:00+07:00' });
    expect(byCode['PGD-DL']).toMatchObject({ status: 'late', lastSubmittedAt: null });
    expect(byCode['THPT-KL']).toMatchObject({ status: 'late', lastSubmittedAt: '2026-05-24T09:00:00+07:00', latestVersion: 1 });
    // Late first, by code; then submitted.
    expect(s.json.items.map((i: any) => i.unit.code)).toEqual(['PGD-DL', 'THPT-KL', 'PGD-ND']);

    // Staff return Nam Đàn's plan; it becomes `returned` until a new version arrives.
    const ret = await t.request('POST', `/api/v1/submissions/${onTime.id}/review`, {
      as: 'staff',
      json: { state: 'returned', reason: 'Thiếu chữ ký' },
    });
    expect(ret.status).toBe(200);
    s = await t.request('GET', `/api/v1/requirements/${r.id}/status?status=returned`, { as: 'viewer' });
    expect(s.json.items.map((i: any) => i.unit.code)).toEqual(['PGD-ND']);
    expect(s.json.total).toBe(1);
    expect(s.json.counts).toEqual({ total: 3, missing: 0, submitted: 0, late: 2, returned: 1 });

    // The new version after the deadline still counts as submitted: the first one was on time.
    const v2 = await submit(r.id, units.nd);
    expect(v2.version).toBe(2);
    s = await t.request('GET', `/api/v1/requirements/${r.id}/status?q=nam%20dan`, { as: 'viewer' });
    expect(s.json.items).toHaveLength(1);
    expect(s.json.items[0]).toMatchObject({ status: 'submitted', latestVersion: 2, submissionId: v2.id });

    const paged = await t.request('GET', `/api/v1/requirements/${r.id}/status?limit=1&offset=1`, { as: 'viewer' });
    expect(paged.json).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(paged.json.items.map((i: any) => i.unit.code)).toEqual(['THPT-KL']);

    const bad = await t.request('GET', `/api/v1/requirements/${r.id}/status?status=lost`, { as: 'viewer' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('status');
  });

  it('documents the status rule in the OpenAPI description', async () => {
    const doc = await t.request('GET', '/api/openapi.json', { as: 'none' });
    const op = doc.json.paths['/api/v1/requirements/{id}/status'].get;
    expect(op.description).toContain('first submission was on time');
  });
});
