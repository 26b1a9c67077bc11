import { sheetBytes } from '../helpers/sample-files.js';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/units/${name}`, import.meta.url)));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

function upload(bytes: Uint8Array<ArrayBuffer>, filename: string, query = '') {
  const form = new FormData();
  form.append('file', new Blob([bytes]), filename);
  return t.request('POST', `/api/v1/units/import${query}`, { as: 'staff', body: form });
}

function raw(bytes: Uint8Array<ArrayBuffer> | string, contentType: string, query = '') {
  return t.request('POST', `/api/v1/units/import${query}`, { as: 'staff', body: bytes, headers: { 'content-type': contentType } });
}

async function allUnits() {
  const res = await t.request('GET', '/api/v1/units?limit=1000', { as: 'viewer' });
  return res.json.items as { id: number; code: string; name: string; kind: string; parent: { code: string } | null; area: string | null; active: boolean }[];
}

function unitAudit() {
  return t.db.$client.prepare(`SELECT action, entity_id, actor_type, before, after FROM audit_log WHERE entity = 'unit' ORDER BY id`).all() as {
    action: string;
    entity_id: string | null;
    actor_type: string;
    before: string | null;
    after: string;
  }[];
}

const xlsx = (rows: (string | number | null)[][]) => sheetBytes(rows);

describe('unit import: good files', () => {
  it('imports a CSV with BOM and ";" (as Vietnamese Excel saves it), parents in any order', async () => {
    const res = await upload(fixture('don-vi-chau-doc.csv'), 'don-vi.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ format: 'csv', created: 4, updated: 0, unchanged: 0, total: 4, dryRun: false });
    const units = await allUnits();
    const byCode = new Map(units.map((u) => [u.code, u]));
    expect(byCode.get('THCS_THUKHOANGHIA')).toMatchObject({
      name: 'Trường THCS Thủ Khoa Nghĩa',
      kind: 'truong_thcs',
      parent: { code: 'PGD_CHAUDOC' },
      area: 'Châu Đốc',
      active: true,
    });
    expect(byCode.get('PGD_CHAUDOC')).toMatchObject({ kind: 'phong_gddt', parent: { code: 'SGDDT_AG' } });
    expect(byCode.get('SGDDT_AG')).toMatchObject({ parent: null, active: true });
    // A quoted cell keeps its ";", and a blank "hoạt động" cell means inactive.
    expect(byCode.get('TH_CHAUPHU_A')).toMatchObject({ name: 'Trường Tiểu học Châu Phú A; điểm chính', kind: 'truong_tieu_hoc', active: false });
    // Searchable right away, without diacritics.
    const found = await t.request('GET', '/api/v1/units?q=thu khoa nghia', { as: 'viewer' });
    expect(found.json.total).toBe(1);
  });

  it('records an audit entry per created unit and one summary', async () => {
    await upload(fixture('don-vi-chau-doc.csv'), 'don-vi.csv');
    const entries = unitAudit();
    const units = await allUnits();
    expect(entries.filter((e) => e.action === 'unit.create').map((e) => Number(e.entity_id)).sort()).toEqual(units.map((u) => u.id).sort());
    const created = entries.find((e) => e.action === 'unit.create' && JSON.parse(e.after).code === 'PGD_CHAUDOC')!;
    expect(created.actor_type).toBe('api_token');
    expect(created.before).toBeNull();
    expect(JSON.parse(created.after)).toMatchObject({ code: 'PGD_CHAUDOC', kind: 'phong_gddt', active: true });
    const summary = entries.filter((e) => e.action === 'unit.import');
    expect(summary).toHaveLength(1);
    expect(JSON.parse(summary[0]!.after)).toMatchObject({ created: 4, filename: 'don-vi.csv', format: 'csv' });
  });

  it('imports an XLSX made in Excel with Vietnamese headers, sent as the raw body', async () => {
    const bytes = await xlsx([
      ['Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Đơn vị cấp trên', 'Địa bàn', 'Hoạt động'],
      ['THPT_TNH', 'Trường THPT Thoại Ngọc Hầu', 'Trường THPT', 'SO_AG', 'Long Xuyên', 'có'],
      ['SO_AG', 'Sở GDĐT An Giang', 'Sở Giáo dục và Đào tạo', null, 'Long Xuyên', 1],
      [1234, 'Trường Mầm non Số 1', 'truong_mam_non', 'SO_AG', null, 'không'],
    ]);
    const res = await raw(bytes, XLSX);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ format: 'xlsx', created: 3, total: 3 });
    const byCode = new Map((await allUnits()).map((u) => [u.code, u]));
    expect(byCode.get('THPT_TNH')).toMatchObject({ kind: 'truong_thpt', parent: { code: 'SO_AG' }, area: 'Long Xuyên', active: true });
    expect(byCode.get('SO_AG')).toMatchObject({ kind: 'so_gddt', parent: null });
    expect(byCode.get('1234')).toMatchObject({ kind: 'truong_mam_non', area: null, active: false });
  });

  it('accepts a plain comma CSV as text/csv with English headers', async () => {
    const csv = 'code,name,kind,parent_code\nPGD_TC,Phòng GDĐT Tân Châu,phong_gddt,\nTHCS_TC,Trường THCS Tân Châu,truong_thcs,PGD_TC\n';
    const res = await raw(csv, 'text/csv; charset=utf-8');
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ created: 2 });
  });

  it('updates existing codes and counts unchanged ones, keeping columns the file lacks', async () => {
    await upload(fixture('don-vi-chau-doc.csv'), 'don-vi.csv');
    const before = new Map((await allUnits()).map((u) => [u.code, u]));
    t.clock.advance(3_600_000);
    // No parent / area / active columns: those stay as they are.
    const csv = [
      'mã;tên;loại',
      'PGD_CHAUDOC;Phòng Giáo dục và Đào tạo thành phố Châu Đốc;phong_gddt',
      'SGDDT_AG;Sở Giáo dục và Đào tạo An Giang;so_gddt',
      'THPT_MOI;Trường THPT Mới;truong_thpt',
    ].join('\n');
    const res = await upload(new TextEncoder().encode(csv), 'lan-2.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ created: 1, updated: 1, unchanged: 1, total: 3 });
    const after = new Map((await allUnits()).map((u) => [u.code, u]));
    expect(after.get('PGD_CHAUDOC')).toMatchObject({
      id: before.get('PGD_CHAUDOC')!.id,
      name: 'Phòng Giáo dục và Đào tạo thành phố Châu Đốc',
      parent: { code: 'SGDDT_AG' },
      area: 'Châu Đốc',
      active: true,
    });
    expect(after.get('THPT_MOI')).toMatchObject({ parent: null, active: true });
    const update = unitAudit().find((e) => e.action === 'unit.update')!;
    expect(JSON.parse(update.before!).name).toBe('Phòng GDĐT Châu Đốc');
    expect(JSON.parse(update.after).name).toBe('Phòng Giáo dục và Đào tạo thành phố Châu Đốc');
  });

  it('can move an existing unit under a unit created by the same file', async () => {
    await raw('code,name,kind\nTHCS_X,Trường THCS X,truong_thcs\n', 'text/csv');
    const res = await raw('code,name,kind,parent_code\nTHCS_X,Trường THCS X,truong_thcs,PGD_X\nPGD_X,Phòng GDĐT X,phong_gddt,\n', 'text/csv');
    expect(res.json).toMatchObject({ created: 1, updated: 1 });
    expect((await allUnits()).find((u) => u.code === 'THCS_X')!.parent!.code).toBe('PGD_X');
  });

  it('dry run counts and writes nothing', async () => {
    const res = await upload(fixture('don-vi-chau-doc.csv'), 'don-vi.csv', '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ format: 'csv', created: 4, updated: 0, unchanged: 0, total: 4, dryRun: true });
    expect(await allUnits()).toEqual([]);
    expect(unitAudit()).toEqual([]);
  });
});

describe('unit import: bad files', () => {
  it('lists every bad row with field and reason, and writes nothing', async () => {
    const res = await upload(fixture('don-vi-loi.csv'), 'loi.csv');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'invalid', field: 'file' });
    expect(res.json.message).toContain('chưa ghi đơn vị nào');
    const errors = res.json.details.errors as { row: number; field: string; reason: string }[];
    expect(errors).toEqual([
      { row: 3, field: 'code', reason: 'thiếu mã đơn vị' },
      { row: 4, field: 'name', reason: 'thiếu tên đơn vị' },
      { row: 5, field: 'kind', reason: 'loại đơn vị không tồn tại: xyz' },
      { row: 6, field: 'parentCode', reason: 'mã cấp trên không tìm thấy: ABC' },
      { row: 7, field: 'code', reason: expect.stringContaining('mã đơn vị không hợp lệ: "mã có dấu"') },
      { row: 8, field: 'code', reason: 'mã trùng với dòng 5' },
      { row: 9, field: 'parentCode', reason: 'vòng lặp cấp trên: LOOP_1 → LOOP_2 → LOOP_1' },
      { row: 10, field: 'parentCode', reason: 'vòng lặp cấp trên: LOOP_1 → LOOP_2 → LOOP_1' },
    ]);
    expect(res.json.details.totalErrors).toBe(8);
    expect(await allUnits()).toEqual([]);
    expect(unitAudit()).toEqual([]);
  });

  it('lists at most 200 errors but reports the total, also in a dry run', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `U${i},Đơn vị ${i},khong_co_loai_nay`);
    const res = await raw(['code,name,kind', ...rows].join('\n'), 'text/csv', '?dryRun=true');
    expect(res.status).toBe(400);
    expect(res.json.details.errors).toHaveLength(200);
    expect(res.json.details.totalErrors).toBe(250);
    expect(res.json.message).toContain('250 lỗi ở 250 dòng');
  });

  it('refuses a loop through units already in the database', async () => {
    await raw('code,name,kind,parent_code\nA,Đơn vị A,phong_so,\nB,Đơn vị B,phong_so,A\n', 'text/csv');
    const res = await raw('code,name,kind,parent_code\nA,Đơn vị A,phong_so,B\n', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.json.details.errors).toEqual([{ row: 2, field: 'parentCode', reason: 'vòng lặp cấp trên: A → B → A' }]);
    expect((await allUnits()).find((u) => u.code === 'A')!.parent).toBeNull();
  });

  it('reports XLSX errors at the row Excel shows, below a title row', async () => {
    const bytes = await xlsx([
      ['DANH SÁCH ĐƠN VỊ NĂM HỌC 2025-2026'],
      [],
      ['Mã', 'Tên', 'Loại', 'Mã cấp trên', 'Hoạt động'],
      ['PGD_A', 'Phòng GDĐT A', 'phong_gddt', null, 'có'],
      ['THCS_A', 'Trường THCS A', 'truong_thcs', 'PGD_A', 'có lẽ'],
    ]);
    const res = await upload(bytes, 'ds.xlsx');
    expect(res.status).toBe(400);
    expect(res.json.details.errors).toEqual([{ row: 5, field: 'active', reason: expect.stringContaining('giá trị hoạt động không hiểu được: "có lẽ"') }]);
  });

  it('names a missing required column once', async () => {
    const res = await raw('mã đơn vị;địa bàn\nA;B\n', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.json.details.errors).toEqual([
      { row: 1, field: 'name', reason: 'thiếu cột bắt buộc: tên đơn vị (name)' },
      { row: 1, field: 'kind', reason: 'thiếu cột bắt buộc: loại đơn vị (kind)' },
    ]);
  });

  it('explains an empty file, a header-only file, a PNG and an old .xls', async () => {
    const empty = await raw('', 'text/csv');
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ field: 'file', details: { errors: [{ row: 0, field: 'file', reason: 'tệp rỗng' }] } });
    const headerOnly = await raw('\ufeffcode,name,kind\r\n', 'text/csv');
    expect(headerOnly.json.details.errors[0].reason).toContain('chưa có đơn vị nào');

    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
    ]);
    const asPng = await upload(png, 'anh.png');
    expect(asPng.status).toBe(400);
    expect(asPng.json.field).toBe('file');
    expect(asPng.json.message).toContain('không phải bảng tính CSV hoặc XLSX');
    expect(asPng.json.message).toContain('image/png');

    const xls = await upload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'cu.xls');
    expect(xls.status).toBe(400);
    expect(xls.json.message).toContain('.xls');

    const notUtf8 = await raw(new Uint8Array([0x63, 0x6f, 0x64, 0x65, 0x2c, 0xe0, 0xe1, 0x0a]), 'text/csv');
    expect(notUtf8.json.message).toContain('UTF-8');
  });

  it('wants the file in the "file" field, staff rights, and at most 10 MB', async () => {
    const form = new FormData();
    form.append('tep', new Blob(['code,name,kind\n']), 'x.csv');
    const wrongField = await t.request('POST', '/api/v1/units/import', { as: 'staff', body: form });
    expect(wrongField.status).toBe(400);
    expect(wrongField.json.field).toBe('file');

    const viewer = await t.request('POST', '/api/v1/units/import', { as: 'viewer', body: 'code,name,kind\n', headers: { 'content-type': 'text/csv' } });
    expect(viewer.status).toBe(403);

    const big = await raw(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41), 'text/csv');
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ code: 'limit', field: 'file' });
  });
});
