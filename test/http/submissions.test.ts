import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, files, submissions } from '../../src/db/schema/index.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnit } from '../helpers/fixtures.js';
import { pdfBytes, xlsxBytes } from '../helpers/sample-files.js';

// The test clock starts at 2026-05-15 10:00 in Asia/Ho_Chi_Minh; the deadline is 23/5 17:00.
let t: TestApp;
let requirementId: number;
let nd: number;
let outsider: number;

beforeEach(async () => {
  t = makeTestApp();
  nd = insertUnit(t.db, { code: 'PGD-ND', name: 'Phòng GDĐT Nam Đàn', kind: 'phong_gddt' });
  outsider = insertUnit(t.db, { code: 'MN-HS', name: 'Trường Mầm non Hoa Sen', kind: 'truong_mam_non' });
  const c = await t.request('POST', '/api/v1/campaigns', { as: 'staff', json: { title: 'Kế hoạch Dân vận khéo 2026' } });
  const r = await t.request('POST', `/api/v1/campaigns/${c.json.id}/requirements`, {
    as: 'staff',
    json: { title: 'Báo cáo kết quả', kind: 'report', dueAt: '2026-05-23', audience: { unitKinds: ['phong_gddt'] } },
  });
  requirementId = r.json.id;
});
afterEach(() => t.close());

function form(fields: Record<string, string | string[]>, uploads: { bytes: Buffer; name: string }[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  for (const u of uploads) fd.append('file', new File([new Uint8Array(u.bytes)], u.name));
  return fd;
}

describe('submissions', () => {
  it('records a JSON submission with answers and links, and shows it in full', async () => {
    const res = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, {
      as: 'staff',
      json: {
        unitId: nd,
        answers: { soMoHinh: 12, ghiChu: 'Đã triển khai ở 5 xã' },
        links: ['https://drive.example.vn/bao-cao'],
        note: 'Nhận qua thư điện tử',
      },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      version: 1,
      channel: 'api',
      onTime: true,
      submittedAt: '2026-05-15T10:00:00+07:00',
      answers: { soMoHinh: 12, ghiChu: 'Đã triển khai ở 5 xã' },
      links: ['https://drive.example.vn/bao-cao'],
      note: 'Nhận qua thư điện tử',
      files: [],
      unit: { id: nd, code: 'PGD-ND', name: 'Phòng GDĐT Nam Đàn', kind: 'phong_gddt' },
      requirement: { id: requirementId, title: 'Báo cáo kết quả', kind: 'report', dueAt: '2026-05-23T17:00:00+07:00' },
      review: { state: 'received', reason: null, reviewedAt: null, reviewedBy: null },
    });
    expect(res.json.code).toMatch(/^NB-[A-Z2-9]{6}$/);

    const got = await t.request('GET', `/api/v1/submissions/${res.json.id}`, { as: 'viewer' });
    expect(got.json).toEqual(res.json);
    const audit = t.db.select().from(auditLog).all().find((a) => a.action === 'submission.create');
    expect(audit).toMatchObject({ entity: 'submission', entityId: String(res.json.id), actorType: 'api_token' });
  });

  it('keeps every version: a second submission is version 2 and the first is unchanged', async () => {
    const first = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, {
      as: 'staff',
      json: { unitId: nd, note: 'bản 1' },
    });
    t.clock.set('2026-05-24T01:00:00Z');
    const second = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, {
      as: 'staff',
      json: { unitId: nd, note: 'bản 2' },
    });
    expect(second.json).toMatchObject({ version: 2, onTime: false, note: 'bản 2' });
    expect(second.json.code).not.toBe(first.json.code);
    const again = await t.request('GET', `/api/v1/submissions/${first.json.id}`, { as: 'viewer' });
    expect(again.json).toMatchObject({ version: 1, onTime: true, note: 'bản 1' });

    const list = await t.request('GET', `/api/v1/submissions?requirementId=${requirementId}&unitId=${nd}`, { as: 'viewer' });
    expect(list.json.total).toBe(2);
    expect(list.json.items.map((s: any) => s.version)).toEqual([2, 1]);
    expect(list.json.items[0]).toMatchObject({ unit: { code: 'PGD-ND' }, fileCount: 0, reviewState: 'received' });
    const none = await t.request('GET', `/api/v1/submissions?unitId=${outsider}`, { as: 'viewer' });
    expect(none.json.total).toBe(0);
  });

  it('takes files, links (repeated or JSON) and answers as multipart/form-data', async () => {
    const body = form(
      { unitId: String(nd), links: ['https://a.example.vn/1', 'https://a.example.vn/2'], answers: '{"soMoHinh": 3}', note: 'Gửi kèm' },
      [
        { bytes: pdfBytes(), name: 'Kế hoạch Nam Đàn.pdf' },
        { bytes: await xlsxBytes(), name: 'Biểu mẫu.xlsx' },
      ],
    );
    const res = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, { as: 'staff', body });
    expect(res.status).toBe(201);
    expect(res.json.links).toEqual(['https://a.example.vn/1', 'https://a.example.vn/2']);
    expect(res.json.answers).toEqual({ soMoHinh: 3 });
    expect(res.json.files.map((f: any) => [f.originalName, f.mimeType])).toEqual([
      ['Kế hoạch Nam Đàn.pdf', 'application/pdf'],
      ['Biểu mẫu.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    expect(res.json.files[0].url).toBe(`/api/v1/files/${res.json.files[0].id}`);

    const asJsonArray = form({ unitId: String(nd), links: '["https://b.example.vn/x"]' });
    const second = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, { as: 'staff', body: asJsonArray });
    expect(second.json.links).toEqual(['https://b.example.vn/x']);
  });

  it('names the field on bad input', async () => {
    const path = `/api/v1/requirements/${requirementId}/submissions`;
    const cases: [unknown, string][] = [
      [{ unitId: outsider, note: 'x' }, 'unitId'],
      [{ unitId: 9999, note: 'x' }, 'unitId'],
      [{ unitId: nd, links: ['javascript:alert(1)'] }, 'links'],
      [{ unitId: nd, links: ['không phải link'] }, 'links'],
      [{ unitId: nd }, 'file'],
      [{ unitId: nd, fileIds: [999] }, 'fileIds'],
      [{ note: 'x' }, 'unitId'],
    ];
    for (const [json, field] of cases) {
      const res = await t.request('POST', path, { as: 'staff', json });
      expect({ status: res.status, field: res.json.field }).toEqual({ status: 400, field });
    }
    const badAnswers = await t.request('POST', path, { as: 'staff', body: form({ unitId: String(nd), answers: '{không' }) });
    expect({ status: badAnswers.status, field: badAnswers.json.field }).toEqual({ status: 400, field: 'answers' });
    const outsiderWithFile = await t.request('POST', path, {
      as: 'staff',
      body: form({ unitId: String(outsider) }, [{ bytes: pdfBytes(), name: 'a.pdf' }]),
    });
    expect(outsiderWithFile.json.field).toBe('unitId');
    // A refused submission keeps no file.
    expect(t.db.select().from(files).all()).toHaveLength(0);

    expect((await t.request('POST', '/api/v1/requirements/999/submissions', { as: 'staff', json: { unitId: nd, note: 'x' } })).status).toBe(404);
    expect((await t.request('POST', path, { as: 'viewer', json: { unitId: nd, note: 'x' } })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/submissions/999', { as: 'viewer' })).status).toBe(404);
  });

  it('accepts or returns a submission; a return needs a reason', async () => {
    const s = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, { as: 'staff', json: { unitId: nd, note: 'x' } });
    const path = `/api/v1/submissions/${s.json.id}/review`;
    const noReason = await t.request('POST', path, { as: 'staff', json: { state: 'returned' } });
    expect({ status: noReason.status, field: noReason.json.field }).toEqual({ status: 400, field: 'reason' });
    const badState = await t.request('POST', path, { as: 'staff', json: { state: 'maybe' } });
    expect(badState.json.field).toBe('state');

    t.clock.advance(3_600_000);
    const returned = await t.request('POST', path, { as: 'staff', json: { state: 'returned', reason: 'Thiếu số liệu biểu 2' } });
    expect(returned.status).toBe(200);
    expect(returned.json.review).toEqual({ state: 'returned', reason: 'Thiếu số liệu biểu 2', reviewedAt: '2026-05-15T11:00:00+07:00', reviewedBy: null });
    const accepted = await t.request('POST', path, { as: 'staff', json: { state: 'accepted' } });
    expect(accepted.json.review).toMatchObject({ state: 'accepted', reason: null });

    expect((await t.request('POST', '/api/v1/submissions/999/review', { as: 'staff', json: { state: 'accepted' } })).status).toBe(404);
    expect((await t.request('POST', path, { as: 'viewer', json: { state: 'accepted' } })).status).toBe(403);

    const actions = t.db.select().from(auditLog).all().filter((a) => a.entity === 'submission').map((a) => a.action);
    expect(actions).toEqual(['submission.create', 'submission.return', 'submission.accept']);
    expect(t.db.select().from(submissions).get()!.reviewState).toBe('accepted');
  });
});

describe('submissions recorded by staff follow the requirement form', () => {
  it('reads answers as the form types them, names a wrong one, and stores no file when anything is refused', async () => {
    await t.request('PATCH', `/api/v1/requirements/${requirementId}`, { as: 'staff', json: { formKey: 'bao-cao-dan-van-kheo' } });
    const ok = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, {
      as: 'staff',
      json: { unitId: nd, answers: { so_hoat_dong: '1.200', mo_hinh_tieu_bieu: 'Trường học thân thiện' } },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.answers).toMatchObject({ so_hoat_dong: 1200 });

    const wrongType = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, {
      as: 'staff',
      json: { unitId: nd, answers: { so_hoat_dong: 'abc' } },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.field).toBe('answers.so_hoat_dong');
    const unknown = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, {
      as: 'staff',
      json: { unitId: nd, answers: { khong_co: 1 } },
    });
    expect(unknown.json.field).toBe('answers.khong_co');

    const filesBefore = t.db.select().from(files).all().length;
    const badLink = await t.request('POST', `/api/v1/requirements/${requirementId}/submissions`, {
      as: 'staff',
      body: form({ unitId: String(nd), links: 'khong-phai-link' }, [{ bytes: pdfBytes(), name: 'bao-cao.pdf' }]),
    });
    expect(badLink.status).toBe(400);
    expect(badLink.json.field).toBe('links');
    expect(t.db.select().from(files).all().length).toBe(filesBefore);
  });
});
