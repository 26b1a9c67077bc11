import ExcelJS from 'exceljs';
import { makeTestApp } from '../test/helpers/app.js';
import { round, type BenchMeta, type BenchResult } from './result.js';

const OFFICES = 100;
const SCHOOLS = 4_900;
const TARGET_MS = 1000;
/** XLSX is not the headline target (CSV is); exceljs unzips and parses XML, so allow it more. */
const XLSX_TARGET_MS = 2000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RUNS = 3;

/** A province-sized file: 100 offices and 4,900 schools under them, children listed before parents. */
function provinceCsv(): string {
  const lines = ['\ufeffMã đơn vị;Tên đơn vị;Loại đơn vị;Mã cấp trên;Địa bàn;Hoạt động'];
  const kinds = ['Trường THPT', 'truong_thcs', 'Trường Tiểu học', 'truong_mam_non'];
  for (let i = 0; i < SCHOOLS; i++) {
    const office = i % OFFICES;
    lines.push(`TRUONG_${i};Trường số ${i} xã Châu Phú ${office};${kinds[i % kinds.length]};PGD_${office};Xã ${office};x`);
  }
  for (let o = 0; o < OFFICES; o++) lines.push(`PGD_${o};Phòng GDĐT huyện số ${o};phong_gddt;;Huyện ${o};1`);
  return lines.join('\r\n');
}

/** The same units as a workbook, the way staff would save it from Excel. */
async function provinceXlsx(): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách đơn vị');
  for (const line of provinceCsv().replace('\ufeff', '').split('\r\n')) sheet.addRow(line.split(';'));
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Median wall time of POST /api/v1/units/import with 5,000 units, each run on a fresh database. */
async function medianImportMs(send: () => { body: BodyInit; headers?: Record<string, string> }): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t = makeTestApp();
    try {
      const started = performance.now();
      const res = await t.request('POST', '/api/v1/units/import', { as: 'staff', ...send() });
      times.push(performance.now() - started);
      if (res.status !== 200 || res.json.created !== OFFICES + SCHOOLS) {
        throw new Error(`import failed: ${res.status} ${res.text.slice(0, 300)}`);
      }
    } finally {
      t.close();
    }
  }
  times.sort((a, b) => a - b);
  return round(times[Math.floor(times.length / 2)]!);
}

export const meta: BenchMeta = { estimate: 'about 5 s' };

export default async function unitImportBench(): Promise<BenchResult[]> {
  const csv = new TextEncoder().encode(provinceCsv());
  const csvMs = await medianImportMs(() => {
    const form = new FormData();
    form.append('file', new Blob([csv]), 'don-vi.csv');
    return { body: form };
  });
  const xlsx = await provinceXlsx();
  const xlsxMs = await medianImportMs(() => ({ body: xlsx, headers: { 'content-type': XLSX_TYPE } }));
  const n = OFFICES + SCHOOLS;
  return [
    { name: `unit import: ${n} units from CSV via HTTP (median of ${RUNS}, fresh db)`, value: csvMs, unit: 'ms', target: `< ${TARGET_MS} ms`, pass: csvMs < TARGET_MS },
    { name: `unit import: ${n} units from XLSX via HTTP (median of ${RUNS}, fresh db)`, value: xlsxMs, unit: 'ms', target: `< ${XLSX_TARGET_MS} ms`, pass: xlsxMs < XLSX_TARGET_MS },
  ];
}
