import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/domain/context.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

/**
 * Every operation in the OpenAPI document, with the least role that may call it.
 * Policy: reads viewer; changes to units, unit kinds, invites, contacts, campaigns,
 * requirements, submissions, forms and jobs staff; staff users, API tokens, the audit
 * log and staff chat invites admin. A route missing here fails the test below, so no
 * route can skip the matrix.
 */
const MINIMUM_ROLE: Record<string, StaffRole> = {
  'GET /unit-kinds': 'viewer',
  'POST /unit-kinds': 'staff',
  'PATCH /unit-kinds/{key}': 'staff',

  'GET /units': 'viewer',
  'POST /units': 'staff',
  'GET /units/{id}': 'viewer',
  'PATCH /units/{id}': 'staff',
  'DELETE /units/{id}': 'staff',
  'POST /units/import': 'staff',

  'POST /units/{id}/invites': 'staff',
  'GET /invites': 'viewer',
  'POST /invites/{id}/revoke': 'staff',
  'POST /staff-users/{id}/invites': 'admin',

  'GET /contacts': 'viewer',
  'GET /contacts/{id}': 'viewer',
  'POST /contacts/{id}/revoke': 'staff',

  'GET /campaigns': 'viewer',
  'POST /campaigns': 'staff',
  'GET /campaigns/{id}': 'viewer',
  'PATCH /campaigns/{id}': 'staff',
  'POST /campaigns/{id}/close': 'staff',
  'POST /campaigns/{id}/requirements': 'staff',

  'GET /requirements': 'viewer',
  'GET /requirements/{id}': 'viewer',
  'PATCH /requirements/{id}': 'staff',
  'POST /requirements/{id}/close': 'staff',
  'GET /requirements/{id}/status': 'viewer',

  'GET /submissions': 'viewer',
  'GET /submissions/{id}': 'viewer',
  'POST /requirements/{id}/submissions': 'staff',
  'POST /submissions/{id}/review': 'staff',

  'GET /files/{id}': 'viewer',

  'GET /forms': 'viewer',
  'POST /forms': 'staff',
  'GET /forms/{key}': 'viewer',

  'GET /staff-users': 'admin',
  'POST /staff-users': 'admin',
  'GET /staff-users/{id}': 'admin',
  'PATCH /staff-users/{id}': 'admin',

  'GET /api-tokens': 'admin',
  'POST /api-tokens': 'admin',
  'POST /api-tokens/{id}/revoke': 'admin',

  'GET /audit-log': 'admin',

  'GET /broadcasts': 'viewer',
  'POST /broadcasts': 'staff',
  'POST /broadcasts/preview': 'viewer',
  'GET /broadcasts/{id}': 'viewer',
  'POST /broadcasts/{id}/cancel': 'staff',

  'GET /faqs': 'viewer',
  'POST /faqs': 'staff',
  'GET /faqs/search': 'viewer',
  'GET /faqs/gaps': 'staff',
  'GET /faqs/{id}': 'viewer',
  'PATCH /faqs/{id}': 'staff',
  'DELETE /faqs/{id}': 'staff',

  'GET /tickets': 'staff',
  'GET /tickets/{id}': 'staff',
  'POST /tickets/{id}/replies': 'staff',
  'POST /tickets/{id}/assign': 'staff',
  'POST /tickets/{id}/close': 'staff',

  'GET /jobs': 'viewer',
  'POST /jobs/{name}/run': 'staff',
};

/**
 * Operations known to answer a minimal request with a 500, pending a fix in their module.
 * Remove an entry once its fix lands; do not add entries to make this test pass.
 */
/** Operations allowed to answer 500 to the minimal request; keep it empty. */
const KNOWN_SERVER_ERRORS: Record<string, string> = {};

const PREFIX = '/api/v1';
const ROLES: StaffRole[] = ['viewer', 'staff', 'admin'];
const RANK: Record<StaffRole, number> = { viewer: 0, staff: 1, admin: 2 };

type Parameter = { name: string; in: string; schema?: { example?: unknown; type?: string } };
type Operation = { security?: unknown[]; parameters?: Parameter[]; requestBody?: { content?: Record<string, unknown> } };
type Documented = { key: string; method: string; path: string; op: Operation };

// Read the document once, through the front door, to know what to test.
const docApp = makeTestApp();
const doc = (await docApp.request('GET', '/api/openapi.json', { as: 'none' })).json as {
  paths: Record<string, Record<string, Operation>>;
};
docApp.close();

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const documented: Documented[] = Object.entries(doc.paths).flatMap(([fullPath, ops]) =>
  Object.entries(ops)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => {
      const path = fullPath.startsWith(PREFIX) ? fullPath.slice(PREFIX.length) : fullPath;
      return { key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path: fullPath, op };
    }),
);

/** A syntactically valid request: path ids from the documented examples (or 1), a minimal body. */
function sampleRequest(d: Documented): { url: string; init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } } {
  const url = d.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const param = d.op.parameters?.find((p) => p.in === 'path' && p.name === name);
    const example = param?.schema?.example;
    return encodeURIComponent(String(example ?? (param?.schema?.type === 'string' ? 'x1' : 1)));
  });
  const types = Object.keys(d.op.requestBody?.content ?? {});
  if (types.length === 0) return { url, init: {} };
  if (types.includes('application/json')) return { url, init: { json: {} } };
  return { url, init: { body: '', headers: { 'content-type': types[0]! } } };
}

describe('role matrix', () => {
  it('covers exactly the documented operations', () => {
    const inDoc = documented.map((d) => d.key).sort();
    const inTable = Object.keys(MINIMUM_ROLE).sort();
    // Both lists must be empty: add new routes to MINIMUM_ROLE, drop routes that are gone.
    expect({
      missingFromTable: inDoc.filter((k) => !(k in MINIMUM_ROLE)),
      notInApi: inTable.filter((k) => !inDoc.includes(k)),
    }).toEqual({ missingFromTable: [], notInApi: [] });
  });

  it('documents bearer security on every operation', () => {
    const unsecured = documented.filter((d) => !d.op.security?.length).map((d) => d.key);
    expect(unsecured).toEqual([]);
  });

  describe.each(documented.filter((d) => d.key in MINIMUM_ROLE).map((d) => [d.key, d] as const))('%s', (_key, d) => {
    let t: TestApp;
    beforeEach(() => {
      t = makeTestApp();
    });
    afterEach(() => t.close());

    it(`is refused below ${MINIMUM_ROLE[d.key]} and allowed from it`, async () => {
      const minimum = MINIMUM_ROLE[d.key]!;
      const { url, init } = sampleRequest(d);
      const call = async (as: StaffRole | 'none' | 'bootstrap', headers?: Record<string, string>) =>
        (await t.request(d.method, url, { ...init, as, headers: { ...init.headers, ...headers } })).status;

      expect(await call('none'), 'no token').toBe(401);
      expect(await call('none', { authorization: 'Bearer not-a-real-token-at-all' }), 'garbage token').toBe(401);
      for (const role of ROLES.filter((r) => RANK[r] < RANK[minimum])) {
        expect(await call(role), `${role} is below ${minimum}`).toBe(403);
      }
      for (const role of ROLES.filter((r) => RANK[r] >= RANK[minimum])) {
        const status = await call(role);
        expect([401, 403], `${role} must be let through`).not.toContain(status);
        // A minimal or unknown-id request is the caller's mistake: a 4xx, never a crash.
        if (!(d.key in KNOWN_SERVER_ERRORS)) expect(status, `${role} got a server error`).toBeLessThan(500);
      }
      const bootstrap = await call('bootstrap');
      expect([401, 403], 'ADMIN_API_TOKEN acts as admin').not.toContain(bootstrap);
      if (!(d.key in KNOWN_SERVER_ERRORS)) expect(bootstrap).toBeLessThan(500);
    });
  });
});
