import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../src/lib/text.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnit } from '../helpers/fixtures.js';
import { pdfBytes } from '../helpers/sample-files.js';
import { Deep, hostileId, hostileString, operationsOf, toJsonText, valueFor, type OpenApiDoc, type Operation } from './openapi-arbitraries.js';

/**
 * Bad input, generated from the OpenAPI document, for every operation and every role: malformed
 * JSON, wrong types, missing and extra fields, huge strings, deep nesting, Unicode edge cases,
 * injection strings, path-traversal ids, wrong content types. Fixed seed, bounded runs;
 * FUZZ_RUNS=500 (and FUZZ_SEED=…) for a longer run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

/** What must never reach a client: stack frames, source paths, SQL errors, JS error names. */
const LEAK = /\bat [\w.<>$]+ \(|node_modules|\/work\/|\/src\/|\.ts:\d+|SqliteError|SQLITE_[A-Z]|TypeError|RangeError|ReferenceError/;

type Role = 'none' | 'viewer' | 'staff' | 'admin';
type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string; type: string }
  | { kind: 'form'; fields: [string, string][]; file: boolean };

let t: TestApp;
let ops: Operation[] = [];
let doc: OpenApiDoc;

beforeAll(async () => {
  t = makeTestApp();
  for (let i = 1; i <= 3; i++) insertUnit(t.db, { code: `PGD-${i}`, name: `Phòng GDĐT số ${i}`, kind: 'phong_gddt' });
  const c = await t.request('POST', '/api/v1/campaigns', { json: { title: 'Kế hoạch 2026' } });
  await t.request('POST', `/api/v1/campaigns/${c.json.id}/requirements`, {
    json: { title: 'Báo cáo', kind: 'report', dueAt: '2026-05-23', audience: { unitKinds: ['phong_gddt'] } },
  });
  doc = (await t.request('GET', '/api/openapi.json')).json as OpenApiDoc;
  ops = operationsOf(doc);
  // Each token's first use records it (last_used_at); from here on, reads write nothing.
  for (const role of ['viewer', 'staff', 'admin'] as const) await t.request('GET', '/api/v1/unit-kinds', { as: role });
});
afterAll(() => t.close());

const changes = () => (t.db.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

function bodyFor(op: Operation): fc.Arbitrary<Body> {
  const malformed = fc.constantFrom('{', '{"unitId":', '[1,2', 'nul', '\u0000', '{"a":1}}', '', '['.repeat(20_000) + ']'.repeat(20_000));
  const options: fc.Arbitrary<Body>[] = [
    malformed.map((text) => ({ kind: 'raw', text, type: 'application/json' }) as const),
    fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded').map((type) => ({ kind: 'raw', text: 'a=1&b=<x/>', type }) as const),
    fc.constant({ kind: 'json', value: new Deep(5000) } as const),
  ];
  if (op.bodyTypes.includes('application/json') || op.bodyTypes.length === 0) {
    options.push(valueFor(op.bodySchema, doc).map((value) => ({ kind: 'json', value }) as const));
    options.push(valueFor(op.bodySchema, doc).map((value) => ({ kind: 'json', value }) as const));
  }
  if (op.bodyTypes.includes('multipart/form-data')) {
    const name = fc.constantFrom('unitId', 'file', 'links', 'answers', 'note', 'x');
    options.push(
      fc.record({ fields: fc.array(fc.tuple(name, hostileString), { maxLength: 6 }), file: fc.boolean() }).map((f) => ({ kind: 'form', ...f }) as const),
    );
  }
  return op.bodyTypes.length === 0 ? fc.oneof({ arbitrary: fc.constant({ kind: 'none' } as const), weight: 3 }, ...options) : fc.oneof(...options);
}

function requestFor(op: Operation) {
  const path = fc.tuple(...op.parameters.filter((p) => p.in === 'path').map((p) => fc.tuple(fc.constant(p.name), hostileId)));
  const query = fc.array(
    fc.tuple(fc.constantFrom(...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'extra', '__proto__'), hostileString),
    { maxLength: 4 },
  );
  const body = op.method === 'GET' ? fc.constant<Body>({ kind: 'none' }) : bodyFor(op);
  return fc.record({ path, query, body, role: fc.constantFrom<Role>('none', 'viewer', 'staff', 'admin') });
}

/** encodeURIComponent throws on a lone surrogate; a browser would send U+FFFD for it. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/gu, '\ufffd'));

function send(op: Operation, r: { path: [string, string][]; query: [string, string][]; body: Body; role: Role }) {
  let url = op.path;
  for (const [name, value] of r.path) url = url.replace(`{${name}}`, value);
  const qs = r.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  if (qs) url += `?${qs}`;
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined;
  if (r.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = toJsonText(r.body.value);
  } else if (r.body.kind === 'raw') {
    headers['content-type'] = r.body.type;
    body = r.body.text;
  } else if (r.body.kind === 'form') {
    const form = new FormData();
    for (const [k, v] of r.body.fields) form.append(k, v);
    if (r.body.file) form.append('file', new File([new Uint8Array(pdfBytes())], 'ke-hoach.pdf'));
    body = form;
  }
  return t.request(op.method, url, { as: r.role, headers, body });
}

describe('bad input generated from the OpenAPI document', () => {
  it('every operation, as every role: no 5xx, no internals, a JSON error naming what is wrong, nothing stored when refused', async () => {
    expect(ops.length).toBeGreaterThan(40);
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(requestFor(op), async (r) => {
          const before = changes();
          const res = await send(op, r);
          const where = `${op.method} ${op.path} as ${r.role} → ${res.status}: ${res.text.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          const type = res.headers.get('content-type') ?? '';
          if (/json|text|html/.test(type)) expect(res.text, where).not.toMatch(LEAK);
          if (res.status >= 400) {
            expect(res.json, where).toMatchObject({ code: expect.any(String), message: expect.any(String) });
            if (res.status === 400) expect(res.json.field, where).toEqual(expect.any(String));
            expect(changes(), `${where} changed the database`).toBe(before);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
  }, 30_000 + RUNS * 2_000);

  it('stored text is shown back verbatim (after the documented clean-up: NFC, control characters dropped, trimmed)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileString.filter((s) => s.length <= 200), async (name) => {
        const code = `FZ-${++n}`;
        const created = await t.request('POST', '/api/v1/units', { json: { code, name, kind: 'truong_thpt' } });
        expect(created.status, created.text).toBeLessThan(500);
        if (created.status !== 201) return;
        const expected = cleanText(name);
        expect(created.json.name).toBe(expected);
        const shown = await t.request('GET', `/api/v1/units/${created.json.id}`, { as: 'viewer' });
        expect(shown.json.name).toBe(expected);
        const listed = await t.request('GET', `/api/v1/units?q=${encode(code)}`, { as: 'viewer' });
        expect(listed.json.items.map((u: { name: string }) => u.name)).toContain(expected);
      }),
      { seed: SEED, numRuns: Math.max(30, RUNS * 3) },
    );
  });
});
