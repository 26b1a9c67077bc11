import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

describe('unit kinds', () => {
  it('lists the default kinds to a viewer', async () => {
    const res = await t.request('GET', '/api/v1/unit-kinds', { as: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.json.items.map((k: { key: string }) => k.key)).toContain('phong_gddt');
  });

  it('lets staff add a 2026 kind and records it in the audit log', async () => {
    const res = await t.request('POST', '/api/v1/unit-kinds', { as: 'staff', json: { key: 'ubnd_phuong', label: 'UBND phường' } });
    expect(res.status).toBe(201);
    const again = await t.request('POST', '/api/v1/unit-kinds', { as: 'staff', json: { key: 'ubnd_phuong', label: 'x' } });
    expect(again.status).toBe(409);
    expect(again.json.field).toBe('key');
  });

  it('names the field on bad input', async () => {
    const res = await t.request('POST', '/api/v1/unit-kinds', { as: 'staff', json: { key: 'Bad Key', label: '' } });
    expect(res.status).toBe(400);
    expect(res.json.field).toBe('key');
  });

  it('checks roles', async () => {
    expect((await t.request('GET', '/api/v1/unit-kinds', { as: 'none' })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/unit-kinds', { as: 'viewer', json: { key: 'abc', label: 'x' } })).status).toBe(403);
  });

  it('serves the OpenAPI document and health', async () => {
    const doc = await t.request('GET', '/api/openapi.json', { as: 'none' });
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths)).toContain('/api/v1/unit-kinds');
    const health = await t.request('GET', '/healthz', { as: 'none' });
    expect(health.json).toMatchObject({ status: 'ok', database: 'ok' });
  });
});
