import { createRoute, z } from '@hono/zod-openapi';
import { invalid } from '../../core/errors.js';
import { MAX_LISTED_ERRORS, importUnits } from '../../domain/unit-import.js';
import { createUnit, deactivateUnit, getUnit, listUnits, updateUnit, type UnitView } from '../../domain/units.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import { jsonBodyLimit, MB } from '../body-limit.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery, idNumber } from './schemas.js';

const UnitRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() }).openapi('UnitRef');

const Unit = z
  .object({
    id: z.number().int(),
    code: z.string().openapi({ example: 'PGD_CHAUDOC' }),
    name: z.string().openapi({ example: 'Phòng GDĐT Châu Đốc' }),
    kind: z.string().openapi({ example: 'phong_gddt' }),
    parentId: z.number().int().nullable(),
    parent: UnitRef.nullable().openapi({ description: 'The parent unit, null for a root unit' }),
    area: z.string().nullable().openapi({ example: 'Châu Đốc' }),
    active: z.boolean(),
    childCount: z.number().int().optional().openapi({ description: 'Direct sub-units (single-unit answers only)' }),
    createdAt: InstantString,
    updatedAt: InstantString,
  })
  .openapi('Unit');

const Code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, '1–40 letters, digits, ".", "_" or "-"')
  .openapi({ example: 'THPT_THOAINGOCHAU' });
const Name = z.string().trim().min(1).max(300).openapi({ example: 'Trường THPT Thoại Ngọc Hầu' });
const Kind = z.string().trim().min(1).max(40).openapi({ example: 'truong_thpt', description: 'A key from GET /unit-kinds' });
const ParentId = z.number().int().positive().nullable().openapi({ description: 'Parent unit id; null for a root unit' });
const Area = z.string().trim().max(200).nullable().openapi({ example: 'Long Xuyên' });

const CreateUnitBody = z
  .object({ code: Code, name: Name, kind: Kind, parentId: ParentId.optional(), area: Area.optional() })
  .openapi('CreateUnit');
const UpdateUnitBody = z
  .object({
    code: Code.optional(),
    name: Name.optional(),
    kind: Kind.optional(),
    parentId: ParentId.optional(),
    area: Area.optional(),
    active: z.boolean().optional().openapi({ description: 'false deactivates, true reactivates' }),
  })
  .openapi('UpdateUnit');

const ListQuery = PagingQuery.extend({
  kind: z.string().optional().openapi({ example: 'truong_thpt' }),
  parentId: z
    .union([z.literal('none'), idNumber()])
    .optional()
    .openapi({ description: 'A unit id for its direct sub-units, or "none" for root units', example: 'none' }),
  q: z.string().max(200).optional().openapi({ description: 'Words in code or name, diacritics optional', example: 'phong giao duc chau doc' }),
  active: z.enum(['true', 'false']).optional(),
});

const ImportError = z
  .object({
    row: z.number().int().openapi({ description: 'Row as the spreadsheet shows it (header = 1); 0 = the whole file' }),
    field: z.string().openapi({ example: 'parentCode' }),
    reason: z.string().openapi({ example: 'mã cấp trên không tìm thấy: PGD_XYZ' }),
  })
  .openapi('UnitImportError');

const ImportResult = z
  .object({
    format: z.enum(['csv', 'xlsx']),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    total: z.number().int(),
    dryRun: z.boolean(),
  })
  .openapi('UnitImportResult');

const Binary = z.string().openapi({ type: 'string', format: 'binary' });
const UploadedFile = z
  .custom<File>((v) => v instanceof File, { message: 'send the spreadsheet as a file in the field "file"' })
  .openapi({ type: 'string', format: 'binary' });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function toUnitDto(u: UnitView & { childCount?: number }, timeZone: string) {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentId: u.parentId,
    parent: u.parent,
    area: u.area,
    active: u.active,
    ...(u.childCount === undefined ? {} : { childCount: u.childCount }),
    createdAt: formatLocalIso(u.createdAt, timeZone),
    updatedAt: formatLocalIso(u.updatedAt, timeZone),
  };
}

export function unitsRoutes(api: ApiRouter, deps: AppDeps): void {
  const { importBytes, importRows } = deps.config.limits;
  api.openapi(
    createRoute({
      method: 'get',
      path: '/units',
      tags: ['Units'],
      summary: 'List and search units',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { query: ListQuery },
      responses: {
        200: jsonContent(
          pageOf(Unit),
          'Units, ordered by code',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const { active, ...q } = c.req.valid('query');
      const page = listUnits(ctx, { ...q, active: active === undefined ? undefined : active === 'true' });
      return c.json({ items: page.items.map((u) => toUnitDto(u, ctx.timeZone)), total: page.total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/units',
      tags: ['Units'],
      summary: 'Create a unit',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { body: { required: true, content: { 'application/json': { schema: CreateUnitBody } } } },
      responses: { 201: jsonContent(Unit, 'Created'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(toUnitDto(createUnit(ctx, c.req.valid('json')), ctx.timeZone), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/units/{id}',
      tags: ['Units'],
      summary: 'A unit, with its parent and number of sub-units',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(Unit, 'The unit'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(toUnitDto(getUnit(ctx, c.req.valid('param').id), ctx.timeZone), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/units/{id}',
      tags: ['Units'],
      summary: 'Change a unit (code, name, kind, parent, area; active:true reactivates)',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: UpdateUnitBody } } } },
      responses: { 200: jsonContent(Unit, 'Updated'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(toUnitDto(updateUnit(ctx, c.req.valid('param').id, c.req.valid('json')), ctx.timeZone), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/units/{id}',
      tags: ['Units'],
      summary: 'Deactivate a unit (units are never deleted; PATCH active:true brings it back)',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(Unit, 'The deactivated unit'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(toUnitDto(deactivateUnit(ctx, c.req.valid('param').id), ctx.timeZone), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/units/import',
      tags: ['Units'],
      summary: 'Create or update units (by code) from a CSV or XLSX file, all or nothing',
      description:
        'Send the file as multipart/form-data field `file`, or as the raw body. Columns (Vietnamese or English headers, ' +
        'diacritics optional): code|mã đơn vị, name|tên đơn vị, kind|loại đơn vị (key or label), optional ' +
        'parent_code|mã cấp trên (a code in the same file or an existing unit), area|địa bàn, active|hoạt động (1/0, có/không, x/blank). ' +
        `Any error means nothing is written; the 400 lists up to ${MAX_LISTED_ERRORS} errors as {row, field, reason} ` +
        '(reasons in Vietnamese) and totalErrors. At most IMPORT_MAX_MB (10 MB) and IMPORT_MAX_ROWS (20,000) units; an XLSX ' +
        'that unzips to more than 60 MB is refused before it is unzipped. Over a limit: 413 `limit`, field `file`.',
      security: bearer,
      middleware: [
        requireRole('staff'),
        jsonBodyLimit(importBytes, `Tệp lớn quá ${importBytes / MB} MB (IMPORT_MAX_MB).`, 'file'),
      ] as const,
      request: {
        query: z.object({
          dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'true: check and count, write nothing' }),
        }),
        body: {
          // Not "required" in the validator's sense: a raw upload has no form fields to check.
          required: false,
          content: {
            'multipart/form-data': { schema: z.object({ file: UploadedFile }) },
            'text/csv': { schema: Binary },
            [XLSX_TYPE]: { schema: Binary },
            'application/vnd.ms-excel': { schema: Binary },
            'text/plain': { schema: Binary },
            'application/octet-stream': { schema: Binary },
          },
        },
      },
      responses: {
        200: jsonContent(ImportResult, 'What was (or, in a dry run, would be) created, updated and left unchanged'),
        ...errorResponses,
        400: jsonContent(
          z.object({
            code: z.literal('invalid'),
            message: z.string(),
            field: z.string().openapi({ example: 'file' }),
            details: z.object({ errors: z.array(ImportError), totalErrors: z.number().int() }).optional(),
          }),
          'The file cannot be imported; nothing was written',
        ),
        413: jsonContent(z.object({ code: z.string(), message: z.string(), field: z.string().optional() }), 'File over a limit'),
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const contentType = c.req.header('content-type') ?? '';
      const dryRun = c.req.valid('query').dryRun === 'true';
      let upload: { bytes: Uint8Array; filename?: string; contentType?: string };
      if (/^multipart\/form-data/i.test(contentType)) {
        const form = c.req.valid('form'); // typed as a union with the raw bodies' schema
        const file = typeof form === 'object' ? form.file : undefined;
        if (!file) throw invalid('Hãy gửi tệp trong trường "file".', 'file');
        upload = { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, contentType: file.type || undefined };
      } else {
        upload = { bytes: new Uint8Array(await c.req.arrayBuffer()), contentType: contentType || undefined };
      }
      return c.json(await importUnits(ctx, { ...upload, dryRun, maxRows: importRows }), 200);
    },
  );
}
