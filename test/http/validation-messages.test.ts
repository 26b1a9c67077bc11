import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

describe('validation errors in plain words, naming the field', () => {
  it('a missing field is "required"', async () => {
    const res = await t.request('POST', '/api/v1/units', { json: { name: 'Trường THPT Phan Bội Châu', kind: 'truong_thpt' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'invalid', field: 'code', message: 'code: required' });
  });

  it('a wrong type says what was expected', async () => {
    const res = await t.request('POST', '/api/v1/units', { json: { code: 42, name: 'X', kind: 'truong_thpt' } });
    expect(res.json).toMatchObject({ field: 'code', message: 'code: must be text' });
  });

  it('a number that is not a number says so (no "NaN")', async () => {
    const res = await t.request('GET', '/api/v1/units?limit=abc');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ field: 'limit', message: 'limit: must be a whole number in decimal digits' });
    expect(res.text).not.toMatch(/NaN|Invalid input/);
    const body = await t.request('POST', '/api/v1/campaigns/1/requirements', { json: { title: 'x', kind: 'plan', dueAt: 5 } });
    expect(body.status).toBe(400);
    expect(res.text).not.toMatch(/NaN|Invalid input/);
  });

  it('bounds and choices are spelled out', async () => {
    const big = await t.request('GET', '/api/v1/units?limit=5000');
    expect(big.json.message).toBe('limit: must be ≤ 1000');
    const kind = await t.request('POST', '/api/v1/campaigns', { json: { title: '' } });
    expect(kind.json).toMatchObject({ field: 'title', message: 'title: must not be empty' });
  });

  it('malformed JSON names the body', async () => {
    const res = await t.request('POST', '/api/v1/units', { body: '{"code": "A",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 'invalid', message: 'body: not valid JSON', field: 'body' });
  });
});

describe('a body of the wrong media type', () => {
  it('is a 415 naming the body', async () => {
    const res = await t.request('POST', '/api/v1/requirements/1/submissions', { as: 'staff', body: '<a/>', headers: { 'content-type': 'application/xml' } });
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject({ code: 'unsupported_media_type', field: 'body' });
  });
});
