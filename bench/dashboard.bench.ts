import { performance } from 'node:perf_hooks';
import { contacts, submissions } from '../src/db/schema/index.js';
import { createDashboardUsers, DashboardClient } from '../test/helpers/dashboard.js';
import { insertUnits } from '../test/helpers/fixtures.js';
import { makeTestApp } from '../test/helpers/app.js';
import { percentile, round, type BenchMeta, type BenchResult } from './result.js';

const UNITS = 2000;
const PARENTS = 20;
const NUMBER_QUESTIONS = 10;
const DATE_QUESTIONS = 3;
const TEXT_QUESTIONS = 2;

export const meta: BenchMeta = { estimate: 'about 1 min' };

type Timed = { median: number; p95: number };

async function time(runs: number, warmup: number, once: () => Promise<void>): Promise<Timed> {
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

/**
 * The dashboard's three heavy pages, for 2,000 units under 20 parent units, 60% of them with a
 * submission carrying 15 form answers (10 numbers, 3 dates, 2 texts), 70% with a contact:
 * - the requirement page, rendered server-side to the last byte, beside the JSON API's
 *   GET /requirements/{id}/status for the same units in the same run;
 * - the overview (two open requirements), beside the API status of both;
 * - the "tổng hợp" workbook, beside the CSV of the same rows.
 */
export default async function bench(): Promise<BenchResult[]> {
  const t = makeTestApp({ dashboard: true });
  try {
    const questions = [
      ...Array.from({ length: NUMBER_QUESTIONS }, (_, i) => ({ id: `so_${i}`, type: 'number', label: `Số liệu ${i + 1}`, prompt: `Số liệu ${i + 1}?`, min: 0 })),
      ...Array.from({ length: DATE_QUESTIONS }, (_, i) => ({ id: `ngay_${i}`, type: 'date', label: `Ngày ${i + 1}`, prompt: `Ngày ${i + 1}?` })),
      ...Array.from({ length: TEXT_QUESTIONS }, (_, i) => ({ id: `y_kien_${i}`, type: 'text', label: `Ý kiến ${i + 1}`, prompt: `Ý kiến ${i + 1}?` })),
    ];
    const form = await t.request('POST', '/api/v1/forms', { json: { key: 'bench-15', title: 'Báo cáo 15 chỉ tiêu', questions } });
    if (form.status !== 201) throw new Error(`form: ${form.text}`);
    const parents = insertUnits(t.db, Array.from({ length: PARENTS }, (_, i) => ({ code: `P${String(i).padStart(2, '0')}`, name: `Phòng GDĐT huyện số ${i}`, kind: 'phong_gddt' })));
    const kinds = ['truong_tieu_hoc', 'truong_thcs', 'truong_mam_non'];
    const unitIds = insertUnits(
      t.db,
      Array.from({ length: UNITS }, (_, i) => ({ code: `U${String(i).padStart(5, '0')}`, name: `Trường số ${i} xã Nam Đàn`, kind: kinds[i % kinds.length]!, parentId: parents[i % PARENTS]! })),
    );
    const campaign = await t.request('POST', '/api/v1/campaigns', { json: { title: 'Kế hoạch năm học' } });
    const make = (title: string, formKey: string | null) =>
      t.request('POST', `/api/v1/campaigns/${campaign.json.id}/requirements`, { json: { title, kind: 'report', dueAt: '2026-05-23', formKey, audience: { unitKinds: kinds } } });
    const requirementId: number = (await make('Báo cáo 15 chỉ tiêu', 'bench-15')).json.id;
    await make('Kế hoạch của đơn vị', null);
    const now = t.clock.now();
    t.db.transaction(() => {
      unitIds.forEach((unitId, i) => {
        if (i % 10 < 7) {
          t.db.insert(contacts).values({ channel: 'telegram', platformUserId: `b${i}`, chatId: `b${i}`, displayName: `Người liên hệ ${i}`, role: 'unit_contact', unitId, createdAt: now, updatedAt: now }).run();
        }
        if (i % 10 >= 6) return;
        const answers: Record<string, unknown> = {};
        questions.forEach((q, k) => (answers[q.id] = q.type === 'number' ? (i * 7 + k) % 500 : q.type === 'date' ? '2026-05-20' : `Ý kiến của trường số ${i}`));
        t.db.insert(submissions).values({ code: `NB-B${i}`, requirementId, unitId, version: 1, channel: 'telegram', submittedAt: now, onTime: i % 4 !== 0, answers, links: [], createdAt: now }).run();
      });
    });

    createDashboardUsers(t.ctx);
    const browser = new DashboardClient(t.app);
    await browser.signIn('lan');
    const cookie = { cookie: `cn_session=${browser.cookies.get('cn_session')}` };
    const bearer = { authorization: `Bearer ${t.tokens.viewer}` };
    const fetchAll = (path: string, headers: Record<string, string>) => async () => {
      const res = await t.app.request(path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    };
    const page = await t.app.request(`/requirements/${requirementId}`, { headers: cookie });
    const rows = ((await page.text()).match(/<tr/g) ?? []).length - 1;
    if (rows !== UNITS) throw new Error(`the requirement page shows ${rows} rows, not ${UNITS}`);

    const apiStatus = `/api/v1/requirements/${requirementId}/status?limit=${UNITS}`;
    const requirementPage = await time(30, 5, fetchAll(`/requirements/${requirementId}`, cookie));
    const statusApi = await time(30, 5, fetchAll(apiStatus, bearer));
    const overview = await time(30, 5, fetchAll('/', cookie));
    const statusBoth = await time(30, 5, async () => {
      await fetchAll(apiStatus, bearer)();
      await fetchAll(`/api/v1/requirements/${requirementId + 1}/status?limit=${UNITS}`, bearer)();
    });
    const workbook = await time(5, 1, fetchAll(`/exports/requirements/${requirementId}/tong-hop.xlsx`, cookie));
    const csv = await time(5, 1, fetchAll(`/exports/requirements/${requirementId}/tong-hop.csv`, cookie));
    return [
      { name: `requirement page, ${UNITS} units, median (p95 ${requirementPage.p95} ms)`, value: requirementPage.median, unit: 'ms', target: '< 100 ms', pass: requirementPage.median < 100 },
      { name: `… beside API GET /requirements/{id}/status for the same units, median`, value: statusApi.median, unit: 'ms', target: 'comparison', pass: true },
      { name: `overview, 2 requirements × ${UNITS} units, median (p95 ${overview.p95} ms)`, value: overview.median, unit: 'ms', target: '< 50 ms', pass: overview.median < 50 },
      { name: '… beside the API status of both requirements, median', value: statusBoth.median, unit: 'ms', target: 'comparison', pass: true },
      { name: `workbook, ${UNITS} units × ${questions.length} answers, median of 5`, value: workbook.median, unit: 'ms', target: '< 2000 ms', pass: workbook.median < 2000 },
      { name: '… beside the CSV of the same rows, median of 5', value: csv.median, unit: 'ms', target: 'comparison', pass: true },
    ];
  } finally {
    t.close();
  }
}
