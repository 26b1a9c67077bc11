import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const MB = 1024 * 1024;

/** A body of `total` bytes that counts how much of it the server pulled. */
function countedStream(total: number, chunk = 64 * 1024) {
  const counter = { pulled: 0 };
  const piece = new Uint8Array(chunk).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk;
      controller.enqueue(piece);
    },
  });
  return { stream, counter };
}

describe('request body limits', () => {
  it('a viewer sending a 50 MB JSON body to POST /broadcasts/preview gets a 413, checked before the body is read', async () => {
    const { stream, counter } = countedStream(50 * MB);
    const res = await t.app.request('/api/v1/broadcasts/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.viewer}`, 'content-type': 'application/json', 'content-length': String(50 * MB) },
      body: stream,
      // @ts-expect-error Node's fetch needs this for a streamed body
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'limit', message: 'body: larger than 1 MB', field: 'body' });
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('without a Content-Length the body is read only up to the limit', async () => {
    const { stream, counter } = countedStream(50 * MB);
    const res = await t.app.request('/api/v1/units', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.staff}`, 'content-type': 'application/json' },
      body: stream,
      // @ts-expect-error Node's fetch needs this for a streamed body
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThan(2 * MB);
  });

  it('every JSON route refuses 50 MB, while a body under the limit is still read', async () => {
    const huge = JSON.stringify({ text: 'x'.repeat(50 * MB) });
    for (const [method, path] of [
      ['POST', '/api/v1/units'],
      ['PATCH', '/api/v1/units/1'],
      ['POST', '/api/v1/campaigns'],
      ['POST', '/api/v1/broadcasts'],
      ['POST', '/api/v1/forms'],
      ['POST', '/api/v1/staff-users'],
      ['POST', '/api/v1/api-tokens'],
    ] as const) {
      const res = await t.request(method, path, { body: huge, headers: { 'content-type': 'application/json' } });
      expect(res.status, `${method} ${path}`).toBe(413);
      expect(res.json.code).toBe('limit');
    }
    const ok = await t.request('POST', '/api/v1/units', { json: { code: 'THPT-A', name: `Trường ${'a'.repeat(100)}`, kind: 'truong_thpt' } });
    expect(ok.status).toBe(201);
  });

  it('the limit is configurable (API_BODY_LIMIT_MB)', async () => {
    const small = makeTestApp({ env: { API_BODY_LIMIT_MB: '0.001' } });
    try {
      const res = await small.request('POST', '/api/v1/units', { json: { code: 'A', name: 'x'.repeat(2000), kind: 'truong_thpt' } });
      expect(res.status).toBe(413);
    } finally {
      small.close();
    }
  });
});
