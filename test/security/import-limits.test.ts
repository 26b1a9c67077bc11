import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../src/db/schema/index.js';
import { runJob } from '../../src/jobs/registry.js';
import { silentLogger } from '../../src/lib/logger.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnit } from '../helpers/fixtures.js';
import { unitsCsv, xlsxBomb } from '../helpers/xlsx-bomb.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const unitCount = () => t.db.select({ n: count() }).from(units).get()!.n;
const importRaw = (body: BodyInit, type: string) =>
  t.request('POST', '/api/v1/units/import', { as: 'staff', body, headers: { 'content-type': type } });

describe('unit import cannot be turned against the service', () => {
  it('a 1.8 MB XLSX holding 3 million rows (~400 MB of XML) is refused before it is unzipped', async () => {
    const bomb = xlsxBomb();
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const res = await importRaw(new Uint8Array(bomb), XLSX);
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'limit', field: 'file' });
    expect(res.json.message).toContain('giải nén ra hơn 60 MB');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    expect(unitCount()).toBe(0);
  });

  it('the same bomb lying about its unzipped size stops as soon as it inflates past the declaration', async () => {
    const res = await importRaw(new Uint8Array(xlsxBomb({ lie: true })), XLSX);
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('không đọc được tệp XLSX');
    expect(unitCount()).toBe(0);
  });

  it('a small XLSX with more rows than IMPORT_MAX_ROWS stops reading at the limit: 413 naming it', async () => {
    const res = await importRaw(new Uint8Array(xlsxBomb({ rows: 30_000 })), XLSX);
    expect(res.status).toBe(413);
    expect(res.json.message).toContain('hơn 20.000 đơn vị (giới hạn IMPORT_MAX_ROWS)');
  });

  it('a CSV one row over the limit is refused whole; the limit is configurable', async () => {
    const small = makeTestApp({ env: { IMPORT_MAX_ROWS: '500' } });
    try {
      const over = await small.request('POST', '/api/v1/units/import', { as: 'staff', body: unitsCsv(501), headers: { 'content-type': 'text/csv' } });
      expect(over.status).toBe(413);
      expect(over.json).toMatchObject({ code: 'limit', field: 'file' });
      expect(over.json.message).toContain('hơn 500 đơn vị');
      const ok = await small.request('POST', '/api/v1/units/import', { as: 'staff', body: unitsCsv(500), headers: { 'content-type': 'text/csv' } });
      expect(ok.status).toBe(200);
      expect(ok.json.created).toBe(500);
    } finally {
      small.close();
    }
  });

  it('a unit created by someone else while an import is writing stops it with a 409; importing again finishes the job', async () => {
    const importing = importRaw(unitsCsv(1000), 'text/csv');
    while (unitCount() === 0) await new Promise((resolve) => setImmediate(resolve));
    insertUnit(t.db, { code: 'TRUONG_989', name: 'Trường tạo tay trong lúc nhập', kind: 'truong_thcs' });
    const stopped = await importing;
    expect(stopped.status).toBe(409);
    expect(stopped.json.message).toMatch(/Đơn vị TRUONG_989 vừa được thay đổi trong lúc nhập tệp; \d+ đơn vị đã được ghi/);
    const again = await importRaw(unitsCsv(1000), 'text/csv');
    expect(again.status).toBe(200);
    expect(again.json.created + again.json.updated + again.json.unchanged).toBe(1000);
    expect(unitCount()).toBe(1000);
  });

  it('a 20,000-row CSV imports in slices, and the reminders run after it too: /healthz answers while each runs', async () => {
    const importing = importRaw(unitsCsv(20_000), 'text/csv').then((res) => ({ res, at: performance.now() }));
    const health = await t.app.request('/healthz');
    const healthAt = performance.now();
    expect(health.status).toBe(200);
    const { res, at } = await importing;
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 20_000, total: 20_000 });
    expect(healthAt).toBeLessThan(at);
    expect(unitCount()).toBe(20_000);

    // The reminders run that follows goes in slices too: 20,000 units owe the report.
    const c = await t.request('POST', '/api/v1/campaigns', { as: 'staff', json: { title: 'Báo cáo năm 2026' } });
    const r = await t.request('POST', `/api/v1/campaigns/${c.json.id}/requirements`, {
      as: 'staff',
      json: { title: 'Báo cáo kết quả', kind: 'report', dueAt: '2026-05-16 17:00', reminderOffsets: ['-3d'], audience: { unitKinds: ['truong_thcs', 'phong_gddt'] } },
    });
    expect(r.status).toBe(201);
    const job = runJob('reminders', { db: t.db, clock: t.clock, log: silentLogger, config: t.config }, 'api').then((run) => ({ run, at: performance.now() }));
    const during = await t.app.request('/healthz');
    const duringAt = performance.now();
    expect(during.status).toBe(200);
    const { run, at: jobAt } = await job;
    expect(run).toMatchObject({ status: 'ok', detail: { sent: 20_000, unreachable: 20_000 } });
    expect(duringAt).toBeLessThan(jobAt);
  });
});
