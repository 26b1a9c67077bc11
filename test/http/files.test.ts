import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, files, submissions } from '../../src/db/schema/index.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnit } from '../helpers/fixtures.js';
import { exeBytes, pdfBytes, pngBytes } from '../helpers/sample-files.js';

let t: TestApp;
let uploadPath: string;
let unitId: number;

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

function upload(bytes: Buffer, name: string) {
  const fd = new FormData();
  fd.append('unitId', String(unitId));
  fd.append('file', new File([new Uint8Array(bytes)], name));
  return t.request('POST', uploadPath, { as: 'staff', body: fd });
}

async function download(id: number, as: 'viewer' | 'none' = 'viewer') {
  const headers: Record<string, string> = as === 'none' ? {} : { authorization: `Bearer ${t.tokens.viewer}` };
  return t.app.request(`/api/v1/files/${id}`, { headers });
}

describe('files', () => {
  it('round-trips the bytes and a Vietnamese file name', async () => {
    const bytes = pdfBytes('Nghệ An');
    const name = "Kế hoạch Dân vận khéo – Đô Lương (2026) 'bản 2'.pdf";
    const res = await upload(bytes, name);
    expect(res.status).toBe(201);
    const file = res.json.files[0];
    expect(file).toMatchObject({ originalName: name, mimeType: 'application/pdf', size: bytes.length });

    const dl = await download(file.id);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = dl.headers.get('content-disposition')!;
    expect(disposition).toContain(`attachment; filename="Ke hoach Dan van kheo _ Do Luong (2026) 'ban 2'.pdf"`);
    const star = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
    expect(star).not.toMatch(/[()'"\s]/);
    expect(decodeURIComponent(star)).toBe(name);
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('a PNG named poly.html downloads as poly.html.png, as an image, under a sandboxing policy', async () => {
    const res = await upload(pngBytes(), 'poly.html');
    expect(res.status).toBe(201);
    expect(res.json.files[0].originalName).toBe('poly.html');
    const dl = await download(res.json.files[0].id);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="poly\.html\.png"/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('refuses a program renamed .pdf with a Vietnamese message naming the field', async () => {
    const res = await upload(exeBytes(), 'ke-hoach.pdf');
    expect(res.status).toBe(400);
    expect(res.json.field).toBe('file');
    expect(res.json.message).toContain('nội dung không phải PDF');
    expect(t.db.select().from(submissions).all()).toHaveLength(0);
  });

  it('refuses a 21 MB file with 413', async () => {
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(21 * 1024 * 1024)]);
    const res = await upload(big, 'rat-lon.pdf');
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'limit', field: 'file' });
    expect(t.db.select().from(files).all()).toHaveLength(0);
  });

  it('answers 404 for an unknown file and 401 without a token', async () => {
    expect((await download(999)).status).toBe(404);
    const res = await upload(pdfBytes(), 'a.pdf');
    expect((await download(res.json.files[0].id, 'none')).status).toBe(401);
  });

  it('audits each stored file', async () => {
    await upload(pdfBytes(), 'a.pdf');
    const actions = t.db.select().from(auditLog).all().map((a) => a.action);
    expect(actions).toContain('file.store');
    expect(actions).toContain('submission.create');
  });
});
