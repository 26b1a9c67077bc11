import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnit } from '../helpers/fixtures.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
  for (let i = 1; i <= 16; i++) insertUnit(t.db, { code: `U${i}`, name: `Đơn vị ${i}`, kind: 'truong_thpt' });
});
afterEach(() => t.close());

describe('ids are decimal digits only', () => {
  it('/units/0x10 is not unit 16, and neither are %2016, 1e1 or 16.0', async () => {
    expect((await t.request('GET', '/api/v1/units/16')).json.code).toBe('U16');
    for (const id of ['0x10', '%2016', '16%20', '1e1', '16.0', '-16', '+16', '0', '99999999999999999999', '..%2F..%2Fetc%2Fpasswd']) {
      const res = await t.request('GET', `/api/v1/units/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.json, id).toMatchObject({ code: 'invalid', field: 'id' });
    }
  });

  it('query ids and paging too', async () => {
    const res = await t.request('GET', '/api/v1/submissions?unitId=0x1');
    expect(res.status).toBe(400);
    expect(res.json.field).toBe('unitId');
    expect((await t.request('GET', '/api/v1/units?offset=1e3')).json.field).toBe('offset');
    expect((await t.request('GET', '/api/v1/units?limit=10&offset=0')).status).toBe(200);
  });
});
