import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/db/schema/index.js';
import { sha256Hex } from '../../src/lib/ids.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertStaffUser } from '../helpers/people.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

async function call(token: string, path = '/api/v1/unit-kinds') {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

describe('API tokens', () => {
  it('shows the token once, stores only its hash, and the token works', async () => {
    const res = await t.request('POST', '/api/v1/api-tokens', { as: 'admin', json: { name: 'import-script', role: 'staff' } });
    expect(res.status).toBe(201);
    const { token, id } = res.json;
    expect(token).toMatch(/^cn_[A-Za-z0-9_-]{32}$/);
    expect(res.json.warning).toMatch(/only once/);
    expect(res.json).toMatchObject({ name: 'import-script', role: 'staff', tokenPrefix: token.slice(0, 7), revokedAt: null });

    const row = t.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()!;
    expect(row.tokenHash).toBe(sha256Hex(token));
    const dump = JSON.stringify(t.db.$client.prepare('SELECT * FROM api_tokens').all());
    expect(dump).not.toContain(token);

    const list = await t.request('GET', '/api/v1/api-tokens', { as: 'admin' });
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(4); // three test tokens + this one
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain(row.tokenHash);
    expect(list.json.items.find((i: any) => i.id === id)).toMatchObject({ tokenPrefix: token.slice(0, 7), lastUsedAt: null });

    expect(await call(token)).toBe(200);
    const after = await t.request('GET', '/api/v1/api-tokens', { as: 'admin' });
    expect(after.json.items.find((i: any) => i.id === id).lastUsedAt).toBe('2026-05-15T10:00:00+07:00');
  });

  it('a revoked token gets 401; revoking twice is 409; unknown 404', async () => {
    const { token, id } = (await t.request('POST', '/api/v1/api-tokens', { as: 'admin', json: { name: 'leaked', role: 'admin' } })).json;
    expect(await call(token)).toBe(200);
    const res = await t.request('POST', `/api/v1/api-tokens/${id}/revoke`, { as: 'admin' });
    expect(res.status).toBe(200);
    expect(res.json.revokedAt).toBe('2026-05-15T10:00:00+07:00');
    expect(await call(token)).toBe(401);
    expect((await t.request('POST', `/api/v1/api-tokens/${id}/revoke`, { as: 'admin' })).status).toBe(409);
    expect((await t.request('POST', '/api/v1/api-tokens/999/revoke', { as: 'admin' })).status).toBe(404);

    const audit = await t.request('GET', `/api/v1/audit-log?entity=api_token&entityId=${id}&action=api_token.revoke`, { as: 'admin' });
    expect(audit.json.items[0]).toMatchObject({ before: { revokedAt: null }, after: { name: 'leaked' } });
    expect(audit.json.items[0].after.revokedAt).not.toBeNull();
    expect(audit.text).not.toContain('tokenHash');
  });

  it('expires at the given time', async () => {
    const user = insertStaffUser(t.db, { username: 'lan.tt' });
    const res = await t.request('POST', '/api/v1/api-tokens', {
      as: 'admin',
      json: { name: 'one-day', role: 'viewer', staffUserId: user.id, expiresAt: '2026-05-16 10:00' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ staffUserId: user.id, expiresAt: '2026-05-16T10:00:00+07:00' });
    expect(await call(res.json.token)).toBe(200);
    t.clock.advance(24 * 3600_000);
    expect(await call(res.json.token)).toBe(401);
  });

  it('names the field on bad input, admin only', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ role: 'staff' }, 'name'],
      [{ name: 'x', role: 'root' }, 'role'],
      [{ name: 'x', role: 'staff', expiresAt: 'next week' }, 'expiresAt'],
      [{ name: 'x', role: 'staff', expiresAt: '2020-01-01 00:00' }, 'expiresAt'],
      [{ name: 'x', role: 'staff', staffUserId: 999 }, 'staffUserId'],
    ];
    for (const [json, field] of cases) {
      const res = await t.request('POST', '/api/v1/api-tokens', { as: 'admin', json });
      expect(res.status, field).toBe(400);
      expect(res.json.field).toBe(field);
    }
    expect((await t.request('GET', '/api/v1/api-tokens', { as: 'staff' })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/api-tokens', { as: 'staff', json: { name: 'x', role: 'admin' } })).status).toBe(403);
  });
});
