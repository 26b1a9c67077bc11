import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnit } from '../helpers/fixtures.js';
import { pngBytes } from '../helpers/sample-files.js';

let t: TestApp;
let uploadPath = '';
let unitId = 0;
beforeEach(async () => {
  t = makeTestApp();
  unitId = insertUnit(t.db, { code: 'THPT-KL', name: 'Trường THPT Kim Liên', kind: 'truong_thpt' });
  const c = await t.request('POST', '/api/v1/campaigns', { as: 'staff', json: { title: 'Kế hoạch 2026' } });
  const r = await t.request('POST', `/api/v1/campaigns/${c.json.id}/requirements`, {
    as: 'staff',
    json: { title: 'Gửi kế hoạch', kind: 'plan', dueAt: '2026-05-23', audience: { unitIds: [unitId] } },
  });
  uploadPath = `/api/v1/requirements/${r.json.id}/submissions`;
});
afterEach(() => t.close());

describe('downloads', () => {
  it('a PNG named poly.html downloads as poly.html.png, as an image, sandboxed', async () => {
    const fd = new FormData();
    fd.append('unitId', String(unitId));
    fd.append('file', new File([new Uint8Array(pngBytes())], 'poly.html'));
    const sub = await t.request('POST', uploadPath, { as: 'staff', body: fd });
    expect(sub.status).toBe(201);
    const dl = await t.app.request(sub.json.files[0].url, { headers: { authorization: `Bearer ${t.tokens.viewer}` } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="poly\.html\.png"/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-security-policy')).toContain('sandbox');
    expect(sub.json.files[0].originalName).toBe('poly.html');
  });
});
