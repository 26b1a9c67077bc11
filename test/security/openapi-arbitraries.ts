import fc from 'fast-check';

/** The parts of an OpenAPI 3.1 document the bad-input suite reads. */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  maxLength?: number;
};
export type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema };
export type Operation = {
  method: string;
  path: string;
  parameters: Parameter[];
  bodyTypes: string[];
  bodySchema?: Schema;
};
export type OpenApiDoc = {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const content = op.requestBody?.content ?? {};
      ops.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], bodyTypes: Object.keys(content), bodySchema: content['application/json']?.schema });
    }
  }
  return ops;
}

/** Strings that have broken services: NUL, lone surrogates, RTL override, stacked combining marks, injections. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202eexe.fdp',
    'e\u0301\u0301\u0301\u0301\u0301',
    "'; DROP TABLE units;--",
    '" OR 1=1 --',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '../../../../etc/passwd',
    '..%2f..%2f..%2fetc%2fpasswd',
    '%00',
    '${7*7}',
    '{{7*7}}',
    '__proto__',
    'constructor',
    'null',
    'NaN',
    '1e309',
    '-0',
    '0x10',
    'X\r\nSet-Cookie: a=b',
    'Nguyễn Thị Lan',
    'Trường THPT Phan Bội Châu',
    '🏫📚👩‍🏫',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constant('x'.repeat(100_000)),
);

/** Ids as a hostile client writes them into a path. */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 40 }).map(String),
  fc.constantFrom('0x10', '1e1', '16.0', '-1', '0', '99999999999999999999', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%00', '1%20OR%201%3D1', 'abc', '%F0%9F%8F%AB'),
  hostileString.map((s) => encodeURIComponent(s.slice(0, 200).replace(/[\ud800-\udfff]/gu, '\ufffd'))),
);

/**
 * A value nested `depth` levels deep ({"a":{"a":…}}). JSON.stringify itself recurses and would
 * overflow on the client, so it is written out by toJsonText, and printed short by fast-check.
 */
export class Deep {
  constructor(readonly depth: number) {}
  [fc.toStringMethod](): string {
    return `<${this.depth} levels deep>`;
  }
}

/** JSON text of a generated value, Deep values included. */
export function toJsonText(v: unknown): string {
  if (v instanceof Deep) return '{"a":'.repeat(v.depth) + '1' + '}'.repeat(v.depth);
  if (Array.isArray(v)) return `[${v.map(toJsonText).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${toJsonText(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constant(new Deep(5000)),
  fc.constant(Object.assign(Array.from({ length: 10_000 }, (_, i) => i), { [fc.toStringMethod]: () => '<10,000 numbers>' })),
);

/**
 * Values shaped by a schema, then spoiled: each field may be left out, given the wrong type,
 * a hostile string or a huge one, and extra fields join in.
 */
export function valueFor(schema: Schema | undefined, doc: OpenApiDoc, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anyJson;
  if (schema.$ref) return valueFor(doc.components.schemas[schema.$ref.split('/').pop()!], doc, depth + 1);
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueFor(s, doc, depth + 1)), anyJson);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const shaped: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) shaped.push(fc.constantFrom(...schema.enum));
  for (const type of types) {
    if (type === 'string') shaped.push(hostileString);
    else if (type === 'integer') shaped.push(fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constant(Number.MAX_SAFE_INTEGER + 2)));
    else if (type === 'number') shaped.push(fc.oneof(fc.double(), fc.integer()));
    else if (type === 'boolean') shaped.push(fc.boolean());
    else if (type === 'null') shaped.push(fc.constant(null));
    else if (type === 'array') shaped.push(fc.array(valueFor(schema.items, doc, depth + 1), { maxLength: 4 }));
    else if (type === 'object') shaped.push(objectFor(schema, doc, depth));
  }
  if (shaped.length === 0) return anyJson;
  // Mostly the right shape, sometimes anything at all.
  return fc.oneof({ arbitrary: fc.oneof(...shaped), weight: 4 }, { arbitrary: anyJson, weight: 1 });
}

function objectFor(schema: Schema, doc: OpenApiDoc, depth: number): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = props.map(([name, s]) =>
    fc.tuple(fc.constant(name), fc.oneof({ arbitrary: valueFor(s, doc, depth + 1), weight: 5 }, { arbitrary: fc.constant(undefined), weight: required.has(name) ? 1 : 3 })),
  );
  return fc
    .tuple(fc.tuple(...fields), fc.dictionary(hostileString.map((s) => s.slice(0, 30)), anyJson, { maxKeys: 2 }))
    .map(([pairs, extra]) => {
      const out: Record<string, unknown> = { ...extra };
      for (const [k, v] of pairs) if (v !== undefined) out[k] = v;
      return out;
    });
}
