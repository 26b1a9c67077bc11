import { performance } from 'node:perf_hooks';
import { contacts, submissions } from '../src/db/schema/index.js';
import { insertUnits } from '../test/helpers/fixtures.js';
import { makeTestApp } from '../test/helpers/app.js';
import { percentile, round, type BenchMeta, type BenchResult } from './result.js';

const UNITS = 5000;
const RUNS = 50;
const TARGET_MS = 50;

export const meta: BenchMeta = { estimate: 'about 30 s' };

/**
 * GET /requirements/{id}/status?limit=5000 for a requirement whose audience is 5,000 units,
 * about half of them with submissions (some with two versions, some returned) and contacts.
 */
export default async function bench(): Promise<BenchResult[]> {
  const t = makeTestApp();
  try {
    const kinds = ['truong_tieu_hoc', 'truong_thcs', 'truong_mam_non'];
    const unitIds = insertUnits(
      t.db,
      Array.from({ length: UNITS }, (_, i) => ({
        code: `U${String(i).padStart(5, '0')}`,
        name: `Trường số ${i} xã Nam Đàn`,
        kind: kinds[i % kinds.length]!,
      })),
    );
    const c = await t.request('POST', '/api/v1/campaigns', { json: { title: 'Bench' } });
    const r = await t.request('POST', `/api/v1/campaigns/${c.json.id}/requirements`, {
      json: { title: 'Báo cáo', kind: 'report', dueAt: '2026-05-23', audience: { unitKinds: kinds } },
    });
    const requirementId: number = r.json.id;
    const now = t.clock.now();
    t.db.transaction(() => {
      unitIds.forEach((unitId, i) => {
        if (i % 2 !== 0) return;
        t.db.insert(contacts).values({
          channel: 'telegram', platformUserId: `b${i}`, chatId: `b${i}`, role: 'unit_contact', unitId, createdAt: now, updatedAt: now,
        }).run();
        const versions = i % 10 === 0 ? 2 : 1;
        for (let v = 1; v <= versions; v++) {
          t.db.insert(submissions).values({
            code: `NB-B${i}-${v}`, requirementId, unitId, version: v, channel: 'telegram', submittedAt: now,
            onTime: i % 4 === 0, answers: {}, links: [], createdAt: now,
            reviewState: i % 20 === 0 ? 'returned' : 'received',
          }).run();
        }
      });
    });

    const path = `/api/v1/requirements/${requirementId}/status?limit=${UNITS}`;
    const headers = { authorization: `Bearer ${t.tokens.viewer}` };
    const check = (await (await t.app.request(path, { headers })).json()) as { items: unknown[]; counts: { total: number } };
    if (check.items.length !== UNITS || check.counts.total !== UNITS) throw new Error('status does not cover every unit');
    // Timed until the last byte of the body is read, as a server would send it (not parsed).
    const once = async () => {
      const start = performance.now();
      const res = await t.app.request(path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`unexpected answer ${res.status}`);
      return performance.now() - start;
    };
    for (let i = 0; i < 10; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await once());
    times.sort((a, b) => a - b);
    const median = round(percentile(times, 50));
    const p95 = round(percentile(times, 95));
    return [
      { name: `requirement status, ${UNITS} units, median`, value: median, unit: 'ms', target: `< ${TARGET_MS} ms`, pass: median < TARGET_MS },
      { name: `requirement status, ${UNITS} units, p95`, value: p95, unit: 'ms', target: `< ${TARGET_MS} ms`, pass: p95 < TARGET_MS },
    ];
  } finally {
    t.close();
  }
}
