import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/domain/campaigns.js';
import { extendDeadline } from '../../../src/domain/deadline-extensions.js';
import { punctualityRecord } from '../../../src/domain/punctuality.js';
import { createRequirement } from '../../../src/domain/requirements.js';
import { createSubmission, reviewSubmission } from '../../../src/domain/submissions.js';
import { createUnit } from '../../../src/domain/units.js';
import { createDashboardUsers, DashboardClient } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { readWorkbook } from '../../helpers/office-files.js';

let t: TestApp;
let staff: DashboardClient;
let ids: Record<'a' | 'b' | 'c' | 'd', number>;
let plan: number;
let report: number;

/** Four schools, a plan due 23/5 and a report due 1/6; now is 10/6, so both are past. */
beforeEach(async () => {
  t = makeTestApp({ dashboard: true, now: '2026-05-15T03:00:00Z' });
  createDashboardUsers(t.ctx);
  const unit = (code: string, name: string, area: string, kind = 'truong_thpt') => createUnit(t.ctx, { code, name, kind, area }).id;
  ids = { a: unit('A', 'Trường A', 'Long Xuyên'), b: unit('B', 'Trường B', 'Châu Đốc'), c: unit('C', 'Trường C', 'Châu Đốc'), d: unit('D', 'Trung tâm D', 'Tân Châu', 'trung_tam') };
  const campaign = createCampaign(t.ctx, { title: 'Năm Dân vận khéo 2026' });
  const audience = { unitKinds: ['truong_thpt', 'trung_tam'] };
  plan = createRequirement(t.ctx, campaign.id, { title: 'Kế hoạch', kind: 'plan', dueAt: '2026-05-23 17:00', audience }).id;
  report = createRequirement(t.ctx, campaign.id, { title: 'Báo cáo kết quả', kind: 'report', dueAt: '2026-06-01 17:00', formKey: 'bao-cao-dan-van-kheo', audience }).id;
  extendDeadline(t.ctx, { requirementId: plan, unitId: ids.c, dueAt: '2026-05-30 17:00', reason: 'kiện toàn nhân sự' });
  const submit = (requirementId: number, unitId: number, at: string, answers: Record<string, unknown> = { so_hoat_dong: 1 }) => {
    t.clock.set(new Date(at));
    return createSubmission(t.ctx, { requirementId, unitId, channel: 'telegram', answers });
  };
  submit(plan, ids.a, '2026-05-20T03:00:00Z'); // on time
  submit(plan, ids.b, '2026-05-26T03:00:00Z'); // 3 days late
  submit(plan, ids.c, '2026-05-28T03:00:00Z'); // late by the common deadline, on time by its own
  submit(report, ids.a, '2026-05-30T03:00:00Z', { so_mo_hinh: 2, mo_hinh_tieu_bieu: 'Trường học thân thiện với phụ huynh' });
  const returned = submit(report, ids.c, '2026-05-31T03:00:00Z', { so_mo_hinh: 1, mo_hinh_tieu_bieu: 'Cô giáo <b>đến từng nhà</b> vận động học sinh bỏ học' });
  reviewSubmission(t.ctx, returned.id, { state: 'returned', reason: 'Thiếu chữ ký' });
  submit(report, ids.d, '2026-06-03T03:00:00Z', { so_mo_hinh: 0, mo_hinh_tieu_bieu: 'Lớp học xóa mù chữ buổi tối' });
  t.clock.set(new Date('2026-06-10T03:00:00Z'));
  staff = new DashboardClient(t.app);
  await staff.signIn('lan');
});
afterEach(() => t.close());

describe('punctuality record', () => {
  it('counts on time, late with days late (by each unit’s own deadline), missing and returned, and scores them', () => {
    const record = punctualityRecord(t.ctx);
    const byCode = Object.fromEntries(record.rows.map((r) => [r.unit.code, r]));
    expect(byCode.A).toMatchObject({ asked: 2, onTime: 2, late: 0, missing: 0, returned: 0, score: 100 });
    expect(byCode.B).toMatchObject({ onTime: 0, late: 1, daysLate: 3, missing: 1, score: 35 }); // (70 + 0) / 2
    expect(byCode.C).toMatchObject({ onTime: 1, returned: 1, score: 75 });
    expect(byCode.D).toMatchObject({ late: 1, daysLate: 2, missing: 1, score: 40 }); // (80 + 0) / 2
    expect(punctualityRecord(t.ctx, { withCells: true }).rows.find((r) => r.unit.code === 'C')!.cells[0]).toMatchObject({ status: 'on_time', extended: true });
    expect(record.rows.map((r) => r.unit.code)).toEqual(['A', 'C', 'D', 'B']);
  });

  it('shows the record sortable, filtered, and exports it to XLSX with its cells', async () => {
    const page = await staff.get('/punctuality');
    expect(page.status).toBe(200);
    expect(page.text).toContain('4 đơn vị · 2 yêu cầu nộp');
    expect(page.text.indexOf('Trường A')).toBeLessThan(page.text.indexOf('Trường B'));
    const byMissing = await staff.get('/punctuality?sort=missing');
    expect(byMissing.text).toMatch(/aria-sort="ascending"><a href="\/punctuality\?sort=missing&amp;dir=desc">Không nộp/);
    expect((await staff.get('/punctuality?kind=trung_tam')).text).toContain('1 đơn vị');

    const res = await t.app.request('/punctuality.xlsx', { headers: { cookie: `cn_session=${staff.cookies.get('cn_session')}` } });
    const book = await readWorkbook(await res.arrayBuffer());
    const sheet = book.getWorksheet('Chuyên cần')!;
    expect(sheet.getRow(1).getCell(13).value).toBe('Điểm');
    expect(sheet.getRow(2).values).toEqual([undefined, 1, 'A', 'Trường A', 'Trường THPT', undefined, 2, 2, 0, 0, 0, 0, 0, 100]);
    expect(sheet.getRow(5).getCell(2).value).toBe('B');
    expect(sheet.getRow(5).getCell(9).value).toBe(3);
    expect(sheet.getRow(5).getCell(13).value).toBe(35);
    const detail = book.getWorksheet('Chi tiết')!;
    const cRow = detail.getRows(2, detail.rowCount - 1)!.find((r) => r.getCell(1).value === 'C' && r.getCell(4).value === 'Kế hoạch')!;
    expect(cRow.getCell(5).value).toEqual(new Date('2026-05-30T17:00:00Z')); // its own deadline, wall clock
    expect(cRow.getCell(6).value).toBe('Có');
    expect(cRow.getCell(8).value).toBe('Đúng hạn');
  });
});

describe('models to replicate', () => {
  it('lists the reported models with unit and answer, filters by kind, area and campaign, marks one with a note, exports', async () => {
    const page = await staff.get('/models');
    expect(page.text).toContain('3 mô hình');
    expect(page.text).toContain('Cô giáo &lt;b&gt;đến từng nhà&lt;/b&gt; vận động');
    expect(page.text).toContain('2 mô hình được công nhận');
    expect((await staff.get(`/models?area=${encodeURIComponent('Châu Đốc')}`)).text).toContain('1 mô hình');
    expect((await staff.get('/models?kind=trung_tam')).text).toContain('Lớp học xóa mù chữ');
    expect((await staff.get('/models?kind=trung_tam')).text).not.toContain('Trường học thân thiện');

    const empty = await staff.post('/models/mark', { requirementId: String(report), unitId: String(ids.a), note: ' ', back: '/models' });
    expect(empty.status).toBe(303);
    expect((await staff.get('/models')).text).toContain('Anh/chị ghi chú vì sao');
    await staff.post('/models/mark', { requirementId: String(report), unitId: String(ids.a), note: 'Nhân rộng cho các trường THPT toàn tỉnh', back: '/models?kind=truong_thpt' });
    const marked = await staff.get('/models?marked=1');
    expect(marked.text).toContain('Đã đánh dấu mô hình để nhân rộng.');
    expect(marked.text).toContain('1 mô hình');
    expect(marked.text).toContain('Nhân rộng: Nhân rộng cho các trường THPT toàn tỉnh');
    expect(marked.text).toContain('Nguyễn Thị Lan');
    await staff.post('/models/mark', { requirementId: String(plan), unitId: String(ids.b), note: 'x', back: '/models' });
    expect((await staff.get('/models')).text).toContain('Không tìm thấy mô hình này.');

    const res = await t.app.request('/models.xlsx?marked=1', { headers: { cookie: `cn_session=${staff.cookies.get('cn_session')}` } });
    const sheet = (await readWorkbook(await res.arrayBuffer())).getWorksheet('Mô hình Dân vận khéo')!;
    expect(sheet.rowCount).toBe(2);
    expect((sheet.getRow(2).values as unknown[]).slice(0, 8)).toEqual([undefined, 'A', 'Trường A', 'Trường THPT', 'Long Xuyên', 'Năm Dân vận khéo 2026', 2, 'Trường học thân thiện với phụ huynh']);
    expect((sheet.getRow(2).values as unknown[]).slice(8)).toEqual([new Date('2026-05-30T10:00:00Z'), 'Có', 'Nhân rộng cho các trường THPT toàn tỉnh', 'Nguyễn Thị Lan']);

    await staff.post('/models/unmark', { requirementId: String(report), unitId: String(ids.a), back: '/models' });
    expect((await staff.get('/models?marked=1')).text).toContain('0 mô hình');
    const viewer = new DashboardClient(t.app);
    await viewer.signIn('lanhdao');
    expect((await viewer.get('/models')).text).not.toContain('Đánh dấu nhân rộng…');
    expect((await viewer.post('/models/mark', { requirementId: String(report), unitId: String(ids.a), note: 'x' })).status).toBe(403);
  });
});
