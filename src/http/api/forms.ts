import { toJSONSchema } from 'zod';
import { createRoute, z } from '@hono/zod-openapi';
import { parseFormText, YAML_CONTENT_TYPES } from '../../core/forms/load.js';
import { FormDefinition, validateForm } from '../../core/forms/schema.js';
import { invalid, limit } from '../../core/errors.js';
import { getFormEntry, listForms, saveForm, type FormEntry } from '../../domain/forms.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, InstantString, jsonContent, pageOf, PagingQuery } from './schemas.js';

/** A form is a few KB; anything much larger is a mistake (or an attack on the YAML parser). */
const MAX_FORM_BYTES = 256 * 1024;

const FormSummary = z
  .object({
    key: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    source: z.enum(['builtin', 'api']),
    questionCount: z.number().int(),
    createdAt: InstantString.nullable(),
    updatedAt: InstantString.nullable(),
  })
  .openapi('FormSummary');

const Form = z
  .object({
    key: z.string(),
    title: z.string(),
    source: z.enum(['builtin', 'api']).openapi({ description: 'builtin: a file in bot-flows/forms (read-only); api: added with POST /forms' }),
    definition: FormDefinition,
    createdAt: InstantString.nullable(),
    updatedAt: InstantString.nullable(),
  })
  .openapi('Form');

const KeyParam = z.object({
  key: z
    .string()
    .max(64)
    .openapi({ param: { name: 'key', in: 'path' }, example: 'bao-cao-dan-van-kheo' }),
});

const instant = (d: Date | null, timeZone: string) => (d ? formatLocalIso(d, timeZone) : null);

function summaryDto(e: FormEntry, timeZone: string): z.infer<typeof FormSummary> {
  return {
    key: e.key,
    title: e.title,
    description: e.definition.description ?? null,
    source: e.source,
    questionCount: e.definition.questions.length,
    createdAt: instant(e.createdAt, timeZone),
    updatedAt: instant(e.updatedAt, timeZone),
  };
}

function formDto(e: FormEntry, timeZone: string): z.infer<typeof Form> {
  return {
    key: e.key,
    title: e.title,
    source: e.source,
    definition: e.definition,
    createdAt: instant(e.createdAt, timeZone),
    updatedAt: instant(e.updatedAt, timeZone),
  };
}

export function formsRoutes(api: ApiRouter, _deps: AppDeps): void {
  // The form schema is built with plain zod (the engine loads YAML with it before any HTTP
  // module runs), so it has no .openapi(): publish its JSON Schema as a component instead.
  api.openAPIRegistry.registerComponent(
    'schemas',
    'FormDefinition',
    toJSONSchema(FormDefinition, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  );
  const definitionRef = { $ref: '#/components/schemas/FormDefinition' };

  api.openapi(
    createRoute({
      method: 'get',
      path: '/forms',
      tags: ['Forms'],
      summary: 'List report forms (built-in files and forms added through the API)',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { query: PagingQuery },
      responses: {
        200: jsonContent(
          pageOf(FormSummary),
          'Forms',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const { limit: take, offset } = c.req.valid('query');
      const all = listForms(ctx);
      const items = all.slice(offset, offset + take).map((e) => summaryDto(e, ctx.timeZone));
      return c.json({ items, total: all.length, limit: take, offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/forms/{key}',
      tags: ['Forms'],
      summary: 'One form with its full definition',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: KeyParam },
      responses: { 200: jsonContent(Form, 'The form'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(formDto(getFormEntry(ctx, c.req.valid('param').key), ctx.timeZone), 200);
    },
  );

  // The body is read by hand so JSON and YAML go through one path and give the same 400s.
  api.openapi(
    createRoute({
      method: 'post',
      path: '/forms',
      tags: ['Forms'],
      summary: 'Add or replace a report form (JSON or YAML, same schema as bot-flows/forms/*.yaml)',
      description:
        'Creates the form (201) or replaces an API form with the same key (200). Keys of built-in forms are refused (409). ' +
        'Invalid definitions are a 400 whose `field` is the path of the first problem (e.g. `questions.2.options`), with every problem in `details.issues`.',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        body: {
          required: true,
          content: {
            'application/json': { schema: definitionRef },
            ...Object.fromEntries(YAML_CONTENT_TYPES.map((t) => [t, { schema: definitionRef }])),
          },
        },
      },
      responses: {
        200: jsonContent(Form, 'Replaced'),
        201: jsonContent(Form, 'Created'),
        ...errorResponses,
        413: { description: 'Body larger than 256 KB' },
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > MAX_FORM_BYTES) throw limit('body: a form may be at most 256 KB', 'body');
      const text = await c.req.text();
      if (Buffer.byteLength(text) > MAX_FORM_BYTES) throw limit('body: a form may be at most 256 KB', 'body');
      const result = validateForm(parseFormText(text, c.req.header('content-type')));
      if (!result.ok) {
        const first = result.issues[0]!;
        const field = first.path || 'body';
        throw invalid(`${field}: ${first.message}`, field, { issues: result.issues.map((i) => ({ field: i.path || 'body', message: i.message })) });
      }
      const { entry, created } = saveForm(ctx, result.form);
      return c.json(formDto(entry, ctx.timeZone), created ? 201 : 200);
    },
  );
}
