import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { files, submissions } from '../../src/db/schema/index.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnit } from '../helpers/fixtures.js';
import { pdfBytes } from '../helpers/sample-files.js';

let t: TestApp;
let path = '';
let unitId = 0;

beforeEach(async () => {
  t = makeTestApp();
  unitId = insertUnit(t.db, { code: 'PGD-ND', name: 'Phòng GDĐT Nam Đàn', kind: 'phong_gddt' });
  const c = await t.request('POST', '/api/v1/campaigns', { as: 'staff', json: { title: 'Kế hoạch Dân vận khéo 2026' } });
  const r = await t.request('POST', `/api/v1/campaigns/${c.json.id}/requirements`, {
    as: 'staff',
    json: { title: 'Báo cáo kết quả', kind: 'report', dueAt: '2026-05-23', audience: { unitKinds: ['phong_gddt'] } },
  });
  path = `/api/v1/requirements/${r.json.id}/submissions`;
});
afterEach(() => t.close());

function multipart(fields: Record<string, string | string[]>, withFile = true): FormData {
  const fd = new FormData();
  fd.append('unitId', String(unitId));
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  if (withFile) fd.append('file', new File([new Uint8Array(pdfBytes())], 'bao-cao.pdf'));
  return fd;
}

const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

function nothingStored() {
  expect(t.db.select({ n: count() }).from(submissions).get()!.n).toBe(0);
  expect(t.db.select({ n: count() }).from(files).get()!.n).toBe(0);
}

describe('multipart and JSON submissions share one validation', () => {
  it('5,000 links through multipart: 400 naming links, nothing stored', async () => {
    const links = Array.from({ length: 5000 }, (_, i) => `https://a.example.vn/${i}`);
    for (const fields of [{ links }, { links: JSON.stringify(links) }]) {
      const res = await t.request('POST', path, { as: 'staff', body: multipart(fields) });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ field: 'links', message: 'links: must have at most 20 items' });
    }
    nothingStored();
  });

  it('21 links, or one link of 5,000 characters, are refused as they are on JSON', async () => {
    const links21 = Array.from({ length: 21 }, (_, i) => `https://a.example.vn/${i}`);
    const long = `https://a.example.vn/${'x'.repeat(5000)}`;
    for (const links of [links21, [long]]) {
      const viaForm = await t.request('POST', path, { as: 'staff', body: multipart({ links }) });
      const viaJson = await t.request('POST', path, { as: 'staff', json: { unitId, links } });
      expect(viaForm.status).toBe(400);
      expect(viaJson.status).toBe(400);
      expect(viaForm.json.field).toMatch(/^links/);
      expect(viaForm.json.field).toBe(viaJson.json.field);
    }
    nothingStored();
  });

  it('answers nested 5,000 levels deep: a 400 naming the answer, as JSON and as multipart', async () => {
    const body = `{"unitId": ${unitId}, "answers": {"so_mo_hinh": ${deep(5000)}}}`;
    const viaJson = await t.request('POST', path, { as: 'staff', body, headers: { 'content-type': 'application/json' } });
    expect(viaJson.status).toBe(400);
    expect(viaJson.json.field).toBe('answers.so_mo_hinh');
    const viaForm = await t.request('POST', path, { as: 'staff', body: multipart({ answers: `{"so_mo_hinh": ${deep(5000)}}` }) });
    expect(viaForm.status).toBe(400);
    expect(viaForm.json.field).toBe('answers.so_mo_hinh');
    const whole = await t.request('POST', path, { as: 'staff', body: multipart({ answers: deep(5000) }) });
    expect(whole.status).toBe(400);
    expect(whole.json.field).toMatch(/^answers/);
    nothingStored();
  });

  it('oversized answers are refused by name', async () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`q${i}`, 1]));
    const res = await t.request('POST', path, { as: 'staff', json: { unitId, answers: many } });
    expect(res.status).toBe(400);
    expect(res.json.field).toBe('answers');
    const huge = await t.request('POST', path, { as: 'staff', body: multipart({ answers: JSON.stringify({ ghi_chu: 'x'.repeat(6000) }) }) });
    expect(huge.status).toBe(400);
    expect(huge.json).toMatchObject({ field: 'answers.ghi_chu', message: 'answers.ghi_chu: must be at most 5000 characters' });
    nothingStored();
  });

  it('a good multipart submission still goes through', async () => {
    const res = await t.request('POST', path, {
      as: 'staff',
      body: multipart({ links: ['https://a.example.vn/1'], answers: '{"so_mo_hinh": 3}', note: 'Gửi kèm' }),
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ links: ['https://a.example.vn/1'], answers: { so_mo_hinh: 3 }, note: 'Gửi kèm' });
    expect(res.json.files).toHaveLength(1);
  });
});
