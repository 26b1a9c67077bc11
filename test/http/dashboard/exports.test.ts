import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFile } from '../../../src/domain/files.js';
import { listRequirements, type Requirement } from '../../../src/domain/requirements.js';
import { requirementStatus } from '../../../src/domain/requirement-status.js';
import { createSubmission } from '../../../src/domain/submissions.js';
import { findUnitByCode } from '../../../src/domain/units.js';
import { seedDemoData } from '../../../src/demo/seed.js';
import { createDashboardUsers, DashboardClient } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { docxText, readWorkbook, zipEntries } from '../../helpers/office-files.js';
import { pdfBytes } from '../../helpers/sample-files.js';

let t: TestApp;
let viewer: DashboardClient;
let plan: Requirement;
let report: Requirement;

async function download(path: string) {
  const res = await t.app.request(path, { headers: { cookie: `cn_session=${viewer.cookies.get('cn_session')}` } });
  return { res, bytes: await res.arrayBuffer() };
}

beforeEach(async () => {
  t = makeTestApp({ dashboard: true, now: '2026-05-15T03:00:00Z', env: { PROVINCE_NAME: 'An Giang', PUBLIC_BASE_URL: 'https://caunoi.example.vn' } });
  seedDemoData(t.ctx);
  createDashboardUsers(t.ctx);
  const reqs = listRequirements(t.ctx, { limit: 10, offset: 0 }).items;
  plan = reqs.find((r) => r.kind === 'plan')!;
  report = reqs.find((r) => r.kind === 'report')!;
  viewer = new DashboardClient(t.app);
  await viewer.signIn('lanhdao');
});
afterEach(() => t.close());

describe('compiled exports', () => {
  it('the "tổng hợp" workbook: one row per unit, typed answer columns, frozen header, filters, and a summary sheet', async () => {
    const { res, bytes } = await download(`/exports/requirements/${report.id}/tong-hop.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''T%E1%BB%95ng%20h%E1%BB%A3p");
    const book = await readWorkbook(bytes);
    const sheet = book.worksheets[0]!;
    const status = requirementStatus(t.ctx, report.id);
    expect(sheet.rowCount).toBe(status.counts.total + 1);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 5)).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Đơn vị cấp trên', 'Trạng thái']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const col = (name: string) => headers.indexOf(name) + 1;
    // PGD-LX (first in the audience) sent the report: 12 activities, a number cell.
    const lx = sheet.getColumn(1).values.findIndex((v) => v === 'PGD-LX');
    const row = sheet.getRow(lx);
    expect(row.getCell(col('Số hoạt động, buổi tuyên truyền')).value).toBe(12);
    expect(row.getCell(col('Số hoạt động, buổi tuyên truyền')).type).toBe(ExcelValueType.Number);
    const submittedAt = row.getCell(col('Nộp lúc')).value as Date;
    expect(submittedAt).toBeInstanceOf(Date);
    expect(row.getCell(col('Nộp lúc')).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(row.getCell(col('Trang đơn vị')).value).toMatchObject({ hyperlink: `https://caunoi.example.vn/units/${findUnitByCode(t.ctx, 'PGD-LX')!.id}` });

    const summary = book.getWorksheet('Thống kê')!;
    const totals = summary.getColumn(1).values.findIndex((v) => v === 'Tổng cộng');
    const totalRow = summary.getRow(totals).values as unknown[];
    expect(totalRow.slice(1, 3)).toEqual(['Tổng cộng', status.counts.total]);
    expect(Number(totalRow[3]) + Number(totalRow[4]) + Number(totalRow[5]) + Number(totalRow[6])).toBe(status.counts.total);
    expect(summary.getColumn(1).values).toContain('Theo loại đơn vị');
    expect(summary.getColumn(1).values).toContain('Theo đơn vị cấp trên');
  });

  it('a date answer is a date cell; the campaign workbook has a sheet per requirement', async () => {
    const { bytes } = await download(`/exports/campaigns/${plan.campaignId}/tong-hop.xlsx`);
    const book = await readWorkbook(bytes);
    expect(book.worksheets.map((s) => s.name)).toHaveLength(3);
    const sheet = book.worksheets.find((s) => s.name.startsWith('Kế hoạch'))!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const signed = sheet.getRow(2).getCell(headers.indexOf('Ngày ký ban hành') + 1);
    expect(signed.value).toEqual(new Date(Date.UTC(2020, 4, 20)));
    expect(signed.numFmt).toBe('dd/mm/yyyy');
  });

  it('CSV of the same rows, UTF-8 with a BOM, formulas defused', async () => {
    const { res, bytes } = await download(`/exports/requirements/${plan.id}/tong-hop.csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const raw = Buffer.from(bytes);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('Mã đơn vị,Tên đơn vị,Loại đơn vị')).toBe(true);
    expect(lines).toHaveLength(requirementStatus(t.ctx, plan.id).counts.total + 1);
    expect(lines.find((l) => l.startsWith('PGD-LX,'))).toContain('Phòng Giáo dục và Đào tạo thành phố Long Xuyên');
  });

  it('the DOCX draft to the province holds the administrative header and the figures', async () => {
    const { res, bytes } = await download(`/exports/campaigns/${plan.campaignId}/bao-cao.docx`);
    expect(res.status).toBe(200);
    const text = await docxText(bytes);
    const p = requirementStatus(t.ctx, report.id).counts;
    expect(text).toContain('UBND TỈNH AN GIANG');
    expect(text).toContain('SỞ GIÁO DỤC VÀ ĐÀO TẠO');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Số:       /BC-SGDĐT');
    expect(text).toMatch(/An Giang, ngày {6}tháng 5 năm 2026/);
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain(`Báo cáo kết quả thực hiện “Năm Dân vận khéo”: Sở đề nghị ${p.total} đơn vị thực hiện; đã nhận bài của ${p.submitted} đơn vị`);
    expect(text).toMatch(/Số hoạt động, buổi tuyên truyền: \d+ \(tổng hợp từ \d+ đơn vị\)/);
    expect(text).toContain('Trường học thân thiện với phụ huynh');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('KT. GIÁM ĐỐC');
  });

  it('the ZIP has a folder per unit with every version and an index', async () => {
    const unit = findUnitByCode(t.ctx, 'PGD-CP')!;
    const file = await storeFile(t.ctx, { bytes: pdfBytes(), originalName: 'Kế hoạch: dân vận "khéo".pdf', source: 'telegram' });
    createSubmission(t.ctx, { requirementId: plan.id, unitId: unit.id, channel: 'telegram', fileIds: [file.id] });
    createSubmission(t.ctx, { requirementId: plan.id, unitId: unit.id, channel: 'telegram', fileIds: [file.id] });
    const { res, bytes } = await download(`/exports/requirements/${plan.id}/tep.zip`);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = await zipEntries(bytes);
    const folder = 'PGD-CP - Phòng Giáo dục và Đào tạo huyện Châu Phú';
    expect(Object.keys(entries).sort()).toEqual([`${folder}/lan-1 - Kế hoạch_ dân vận _khéo_.pdf`, `${folder}/lan-2 - Kế hoạch_ dân vận _khéo_.pdf`, 'muc-luc.csv']);
    expect(entries[`${folder}/lan-1 - Kế hoạch_ dân vận _khéo_.pdf`]!.equals(pdfBytes())).toBe(true);
    expect(entries['muc-luc.csv']!.toString('utf8')).toContain('PGD-CP,Phòng Giáo dục và Đào tạo huyện Châu Phú,2');
  });

  it('unknown ids answer a Vietnamese 404; signed-out downloads go to sign-in', async () => {
    expect((await download('/exports/requirements/9999/tong-hop.xlsx')).res.status).toBe(404);
    const anonymous = await t.app.request(`/exports/requirements/${plan.id}/tong-hop.xlsx`);
    expect(anonymous.status).toBe(303);
  });
});

const ExcelValueType = { Number: 2 } as const;
