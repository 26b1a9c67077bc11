import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listApiTokens } from '../../../src/domain/api-tokens.js';
import { getFormEntry } from '../../../src/domain/forms.js';
import { listStaffUsers } from '../../../src/domain/staff-users.js';
import { listRequirements } from '../../../src/domain/requirements.js';
import { findUnitByCode, getUnit } from '../../../src/domain/units.js';
import { createDashboardUsers, DashboardClient } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { sheetBytes } from '../../helpers/sample-files.js';

let t: TestApp;
let staff: DashboardClient;
let admin: DashboardClient;

beforeEach(async () => {
  t = makeTestApp({ dashboard: true });
  createDashboardUsers(t.ctx);
  staff = new DashboardClient(t.app);
  await staff.signIn('lan');
  admin = new DashboardClient(t.app);
  await admin.signIn('quantri');
});
afterEach(() => t.close());

const upload = (client: DashboardClient, path: string, name: string, bytes: Uint8Array, extra: Record<string, string> = {}) => {
  const body = new FormData();
  body.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  for (const [k, v] of Object.entries(extra)) body.set(k, v);
  return client.postMultipart(path, body);
};

describe('units', () => {
  it('creates, edits, deactivates and reactivates a unit; mistakes said in Vietnamese with the typed values kept', async () => {
    await staff.get('/admin/units');
    await staff.post('/admin/units', { code: 'PGD-CD', name: 'Phòng GDĐT Châu Đốc', kind: 'phong_gddt', parentCode: '', area: 'Châu Đốc' });
    const child = await staff.post('/admin/units', { code: 'THCS-1', name: 'Trường THCS Số 1', kind: 'truong_thcs', parentCode: 'PGD-CD', area: '' });
    expect(child.status).toBe(303);
    const list = await staff.get('/admin/units?q=so%201');
    expect(list.text).toContain('Đã thêm Trường THCS Số 1.');
    expect(list.text).toContain('Phòng GDĐT Châu Đốc'); // its parent

    const dup = await staff.post('/admin/units', { code: 'PGD-CD', name: 'Trùng', kind: 'phong_gddt', parentCode: '', area: '' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('không trùng mã đã có');
    expect(dup.text).toContain('value="Trùng"');
    const noParent = await staff.post('/admin/units', { code: 'X1', name: 'X', kind: 'truong_thcs', parentCode: 'KHONG', area: '' });
    expect(noParent.text).toContain('Không có đơn vị cấp trên mã KHONG.');

    const id = findUnitByCode(t.ctx, 'THCS-1')!.id;
    await staff.get(`/admin/units/${id}/edit`);
    const loop = await staff.post(`/admin/units/${id}/edit`, { code: 'THCS-1', name: 'Trường THCS Số 1', kind: 'truong_thcs', parentCode: 'THCS-1', area: '' });
    expect(loop.text).toContain('Đơn vị cấp trên không đúng');
    await staff.post(`/admin/units/${id}/edit`, { code: 'THCS-1', name: 'Trường THCS Lê Lợi', kind: 'truong_thcs', parentCode: '', area: 'Long Xuyên' });
    expect(getUnit(t.ctx, id)).toMatchObject({ name: 'Trường THCS Lê Lợi', parentId: null, area: 'Long Xuyên' });
    await staff.post(`/admin/units/${id}/deactivate`, {});
    expect(getUnit(t.ctx, id).active).toBe(false);
    await staff.post(`/admin/units/${id}/activate`, {});
    expect(getUnit(t.ctx, id).active).toBe(true);
  });

  it('imports an XLSX: a broken row shows every error in a table and writes nothing; fixed, it imports', async () => {
    await staff.get('/admin/units/import');
    const broken = await sheetBytes([
      ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã cấp trên'],
      ['PGD-A', 'Phòng GDĐT A', 'phong_gddt', ''],
      ['TH-A1', 'Trường Tiểu học A1', 'truong_tieu_hoc', 'PGD-KHONG'],
      ['TH-A2', '', 'loai_la', 'PGD-A'],
    ]);
    const res = await upload(staff, '/admin/units/import', 'don-vi.xlsx', broken);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tệp có 3 lỗi ở 2 dòng; chưa ghi đơn vị nào.');
    const rows = [...res.text.matchAll(/<tr><td class="num">(\d+)<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([['3', 'Mã cấp trên'], ['4', 'Tên đơn vị'], ['4', 'Loại']]);
    expect(findUnitByCode(t.ctx, 'PGD-A')).toBeUndefined();

    const fixed = await sheetBytes([
      ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã cấp trên'],
      ['PGD-A', 'Phòng GDĐT A', 'phong_gddt', ''],
      ['TH-A1', 'Trường Tiểu học A1', 'Trường Tiểu học', 'PGD-A'],
    ]);
    const dry = await upload(staff, '/admin/units/import', 'don-vi.xlsx', fixed, { dryRun: '1' });
    expect(dry.text).toContain('Kiểm tra xong, chưa ghi gì: 2 đơn vị — 2 thêm mới');
    const done = await upload(staff, '/admin/units/import', 'don-vi.xlsx', fixed);
    expect(done.text).toContain('Đã nhập xong: 2 đơn vị — 2 thêm mới, 0 cập nhật, 0 không đổi.');
    expect(findUnitByCode(t.ctx, 'TH-A1')!.parentId).toBe(findUnitByCode(t.ctx, 'PGD-A')!.id);
    const notSheet = await upload(staff, '/admin/units/import', 'rac.csv', new Uint8Array([1, 2, 3]));
    expect(notSheet.status).toBe(400);
    expect(notSheet.text).toContain('thiếu cột bắt buộc: mã đơn vị');
  });

  it('adds and renames unit kinds', async () => {
    await staff.get('/admin/unit-kinds');
    await staff.post('/admin/unit-kinds', { key: 'truong_quoc_te', label: 'Trường quốc tế' });
    await staff.post('/admin/unit-kinds', { key: 'Sai Ma', label: 'X' });
    let page = await staff.get('/admin/unit-kinds');
    expect(page.text).toContain('Mã loại: chữ thường không dấu');
    await staff.post('/admin/unit-kinds/truong_quoc_te', { label: 'Trường có yếu tố nước ngoài', sortOrder: '5' });
    page = await staff.get('/admin/unit-kinds');
    expect(page.text).toContain('value="Trường có yếu tố nước ngoài"');
  });
});

describe('campaigns and requirements', () => {
  it('creates a campaign and a requirement with a live unit count for its audience, then edits and closes it', async () => {
    await staff.get('/admin/units');
    await staff.post('/admin/units', { code: 'THPT-1', name: 'THPT 1', kind: 'truong_thpt', parentCode: '', area: '' });
    await staff.post('/admin/units', { code: 'THPT-2', name: 'THPT 2', kind: 'truong_thpt', parentCode: '', area: '' });
    await staff.post('/admin/units', { code: 'PGD-9', name: 'PGD 9', kind: 'phong_gddt', parentCode: '', area: '' });
    await staff.get('/admin/campaigns');
    const bad = await staff.post('/admin/campaigns', { title: 'KH', issuedOn: '2026-02-30' });
    expect(bad.text).toContain('Ngày ban hành không phải một ngày có thật.');
    const created = await staff.post('/admin/campaigns', { title: 'Kế hoạch tuyên truyền 2026', referenceNumber: '99/KH-SGDĐT', issuedOn: '2026-05-01', description: '' });
    const campaignPath = created.location!;
    await staff.get(`${campaignPath}/requirements/new`);
    const count = await staff.post('/admin/audience-count', { unitKinds: 'truong_thpt', unitCodes: 'PGD-9 KHONG' });
    expect(JSON.parse(count.text)['audience-units'].text).toBe('3 đơn vị đang hoạt động phải nộp. Không có mã: KHONG.');
    const noAudience = await staff.post(`${campaignPath}/requirements`, { title: 'Báo cáo', kind: 'report', dueDate: '2026-06-01', dueTime: '17:00', reminderOffsets: '-3d, 0d' });
    expect(noAudience.text).toContain('Anh/chị chọn ít nhất một loại đơn vị hoặc một đơn vị phải nộp.');
    const badOffsets = await staff.post(`${campaignPath}/requirements`, { title: 'Báo cáo', kind: 'report', dueDate: '2026-06-01', dueTime: '17:00', reminderOffsets: 'tuần sau', unitKinds: 'truong_thpt' });
    expect(badOffsets.text).toContain('Nhắc hạn: các mốc như -7d');
    await staff.post(`${campaignPath}/requirements`, { title: 'Báo cáo tuyên truyền', kind: 'report', dueDate: '2026-06-01', dueTime: '16:30', reminderOffsets: '-3d, 0d, +1d', unitKinds: 'truong_thpt', unitCodes: 'PGD-9', formKey: 'bao-cao-dan-van-kheo' });
    const [req] = listRequirements(t.ctx, { limit: 10, offset: 0 }).items;
    expect(req).toMatchObject({ title: 'Báo cáo tuyên truyền', kind: 'report', reminderOffsets: ['-3d', '0d', '+1d'], audienceKinds: ['truong_thpt'], formKey: 'bao-cao-dan-van-kheo' });
    expect(req!.dueAt.toISOString()).toBe('2026-06-01T09:30:00.000Z');

    const edit = await staff.get(`/admin/requirements/${req!.id}/edit`);
    expect(edit.text).toMatch(/<textarea id="r-units" name="unitCodes" rows="2">PGD-9<\/textarea>/); // the unit named by code
    expect(edit.text).toContain('3 đơn vị đang hoạt động phải nộp.');
    await staff.post(`/admin/requirements/${req!.id}/edit`, { title: 'Báo cáo tuyên truyền', kind: 'report', dueDate: '2026-06-05', dueTime: '17:00', reminderOffsets: '-1d', unitKinds: 'truong_thpt' });
    expect(listRequirements(t.ctx, { limit: 10, offset: 0 }).items[0]).toMatchObject({ audienceUnitIds: [], reminderOffsets: ['-1d'] });
    await staff.post(`${campaignPath}/close`, {});
    expect((await staff.get(campaignPath)).text).toContain('Đã đóng kế hoạch');
  });
});

describe('forms, jobs, people, audit', () => {
  it('uploads a YAML form: its problems in a table, then a valid one is saved', async () => {
    await staff.get('/admin/forms');
    const broken = 'key: bao-cao-2026\ntitle: Báo cáo 2026\nquestions:\n  - id: so_lieu\n    type: number\n    promt: Bao nhiêu?\n';
    const res = await upload(staff, '/admin/forms', 'mau.yaml', new TextEncoder().encode(broken));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Mẫu biểu có');
    expect(res.text).toContain('câu hỏi 1 › promt');
    expect(res.text).toContain('trường lạ “promt”');
    const notYaml = await upload(staff, '/admin/forms', 'mau.yaml', new TextEncoder().encode('key: [x\n'));
    expect(notYaml.text).toContain('Tệp không đọc được như YAML');
    const ok = await upload(staff, '/admin/forms', 'mau.yaml', new TextEncoder().encode(broken.replace('promt', 'prompt')));
    expect(ok.status).toBe(303);
    expect(getFormEntry(t.ctx, 'bao-cao-2026').definition.questions).toHaveLength(1);
    expect((await staff.get('/admin/forms/bao-cao-2026')).text).toContain('Bao nhiêu?');
    const builtin = await upload(staff, '/admin/forms', 'mau.yaml', new TextEncoder().encode(broken.replace('promt', 'prompt').replace('bao-cao-2026', 'bao-cao-dan-van-kheo')));
    expect(builtin.text).toContain('mẫu có sẵn, không thay được');
  });

  it('runs a job now and shows its runs', async () => {
    await staff.get('/admin/jobs');
    const res = await staff.post('/admin/jobs/digest/run', {});
    expect(res.status).toBe(303);
    const page = await staff.get('/admin/jobs');
    expect(page.text).toContain('Đã chạy digest.');
    expect(page.text).toMatch(/chạy tay<\/td><td>xong/);
    expect((await staff.post('/admin/jobs/khong-co/run', {})).status).toBe(404);
  });

  it('staff users and tokens are for admins: create, change role, a token shown once, revoke; an admin cannot lock themselves out', async () => {
    expect((await staff.get('/admin/staff')).status).toBe(403);
    expect((await staff.get('/admin/audit')).status).toBe(403);
    expect((await staff.get('/admin')).text).not.toContain('/admin/staff');
    await admin.get('/admin/staff');
    const weak = await admin.post('/admin/staff', { username: 'hoa', displayName: 'Trần Hoa', email: '', role: 'staff', password: 'ngan' });
    expect(weak.text).toContain('Mật khẩu cần ít nhất 10 ký tự.');
    await admin.post('/admin/staff', { username: 'hoa', displayName: 'Trần Hoa', email: '', role: 'staff', password: 'mot-mat-khau-dai' });
    const hoa = new DashboardClient(t.app);
    expect((await hoa.signIn('hoa', 'mot-mat-khau-dai')).location).toBe('/');
    const idOf = (username: string) => listStaffUsers(t.ctx, { limit: 100, offset: 0 }).items.find((u) => u.username === username)!.id;
    await admin.get('/admin/staff');
    await admin.post(`/admin/staff/${idOf('hoa')}`, { displayName: 'Trần Thị Hoa', role: 'viewer', active: '1' });
    expect((await hoa.get('/inbox')).status).toBe(403); // the role is read on every request
    await admin.post(`/admin/staff/${idOf('quantri')}`, { displayName: 'Quản trị viên', role: 'staff', active: '1' });
    expect((await admin.get('/admin/staff')).text).toContain('không tự khóa hoặc tự hạ quyền');

    await admin.get('/admin/tokens');
    const made = await admin.post('/admin/tokens', { name: 'may-bao-cao', role: 'viewer', staffUserId: '', expiresDays: '30' });
    const token = /id="new-token" readonly="" value="(cn_[^"]+)"/.exec(made.text)![1]!;
    expect((await t.request('GET', '/api/v1/units', { headers: { authorization: `Bearer ${token}` }, as: 'none' })).status).toBe(200);
    expect((await admin.get('/admin/tokens')).text).not.toContain(token);
    const tokenId = listApiTokens(t.ctx, { limit: 100, offset: 0 }).items.find((k) => k.name === 'may-bao-cao')!.id;
    await admin.post(`/admin/tokens/${tokenId}/revoke`, {});
    expect((await t.request('GET', '/api/v1/units', { headers: { authorization: `Bearer ${token}` }, as: 'none' })).status).toBe(401);
  });

  it('filters the audit log by action, who and day', async () => {
    await staff.get('/admin/units');
    await staff.post('/admin/units', { code: 'U-1', name: 'Đơn vị 1', kind: 'truong_thpt', parentCode: '', area: '' });
    const page = await admin.get('/admin/audit?action=unit.create&actor=lan&from=2026-05-15&to=2026-05-15');
    expect(page.text).toContain('Mục 1–1 / 1');
    expect(page.text).toContain('unit.create');
    expect((await admin.get('/admin/audit?action=unit.create&actor=ai-khac')).text).toContain('Không có mục nào.');
    expect((await admin.get('/admin/audit?from=2026-02-30')).text).toContain('Ngày lọc không đúng');
  });
});
