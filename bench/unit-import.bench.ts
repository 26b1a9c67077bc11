import { makeTestApp } from '../test/helpers/app.js';
import { round, type BenchResult } from './result.js';

const OFFICES = 100;
const SCHOOLS = 4_900;
const TARGET_MS = 1000;
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

/** Wall time of POST /api/v1/units/import with 5,000 units, median of fresh databases. */
export default async function unitImportBench(): Promise<BenchResult[]> {
  const bytes = new TextEncoder().encode(provinceCsv());
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t = makeTestApp();
    try {
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'don-vi.csv');
      const started = performance.now();
      const res = await t.request('POST', '/api/v1/units/import', { as: 'staff', body: form });
      times.push(performance.now() - started);
      if (res.status !== 200 || res.json.created !== OFFICES + SCHOOLS) {
        throw new Error(`import failed: ${res.status} ${res.text.slice(0, 300)}`);
      }
    } finally {
      t.close();
    }
  }
  times.sort((a, b) => a - b);
  const median = round(times[Math.floor(times.length / 2)]!);
  return [
    {
      name: `unit import: ${OFFICES + SCHOOLS} units from CSV via HTTP (median of ${RUNS}, fresh db)`,
      value: median,
      unit: 'ms',
      target: `< ${TARGET_MS} ms`,
      pass: median < TARGET_MS,
    },
  ];
}
