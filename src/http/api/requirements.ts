import { createRoute, z } from '@hono/zod-openapi';
import {
  STATUS_ORDER,
  STATUS_RULE,
  requirementStatus,
  type RequirementStatus,
} from '../../domain/requirement-status.js';
import {
  DEFAULT_REMINDER_OFFSETS,
  FORM_KEY,
  closeRequirement,
  createRequirement,
  getRequirement,
  listRequirements,
  updateRequirement,
  type Requirement,
} from '../../domain/requirements.js';
import { localIsoFormatter } from '../../lib/local-iso.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery, idNumber, decimalInt } from './schemas.js';

export const RequirementSchema = z
  .object({
    id: z.number().int(),
    campaignId: z.number().int(),
    title: z.string(),
    kind: z.enum(['plan', 'report']),
    description: z.string(),
    dueAt: InstantString,
    reminderOffsets: z.array(z.string()),
    escalateAfter: z.string().nullable(),
    formKey: z.string().nullable(),
    audience: z.object({ unitKinds: z.array(z.string()), unitIds: z.array(z.number().int()) }),
    scheduleVersion: z.number().int(),
    status: z.enum(['open', 'closed']),
    closedAt: InstantString.nullable(),
    createdAt: InstantString,
    updatedAt: InstantString,
  })
  .openapi('Requirement');

export function requirementDto(r: Requirement, timeZone: string): z.infer<typeof RequirementSchema> {
  return {
    id: r.id,
    campaignId: r.campaignId,
    title: r.title,
    kind: r.kind,
    description: r.description,
    dueAt: formatLocalIso(r.dueAt, timeZone),
    reminderOffsets: r.reminderOffsets,
    escalateAfter: r.escalateAfter,
    formKey: r.formKey,
    audience: { unitKinds: r.audienceKinds, unitIds: r.audienceUnitIds },
    scheduleVersion: r.scheduleVersion,
    status: r.status,
    closedAt: r.closedAt ? formatLocalIso(r.closedAt, timeZone) : null,
    createdAt: formatLocalIso(r.createdAt, timeZone),
    updatedAt: formatLocalIso(r.updatedAt, timeZone),
  };
}

const Audience = z
  .object({
    unitKinds: z.array(z.string().max(40)).max(100).default([]).openapi({ example: ['phong_gddt', 'truong_thpt'] }),
    unitIds: z.array(z.number().int().positive()).max(20_000).default([]).openapi({ example: [] }),
  })
  .openapi({ description: 'Units of any of these kinds, plus these units; at least one must be non-empty.' });

const Title = z.string().trim().min(1).max(300);
const OffsetList = z
  .array(z.string().max(10))
  .max(20)
  .openapi({ example: DEFAULT_REMINDER_OFFSETS, description: 'Offsets from dueAt: -7d, -12h, 0d, +1d, +30m…; sorted and de-duplicated.' });
const FormKey = z.string().regex(FORM_KEY, 'lower-case letters, digits, _ and - (2–64)');
const DueAt = z
  .string()
  .max(40)
  .openapi({ example: '2026-05-23', description: 'ISO 8601 with offset, or local "YYYY-MM-DD[ HH:MM]"; a bare date means 17:00.' });

export const RequirementCreateBody = z.object({
  title: Title,
  kind: z.enum(['plan', 'report']),
  description: z.string().max(10_000).optional(),
  dueAt: DueAt,
  reminderOffsets: OffsetList.optional(),
  escalateAfter: z.string().max(10).nullable().optional().openapi({ example: '+3d' }),
  formKey: FormKey.nullable().optional(),
  audience: Audience,
});

const RequirementPatchBody = z.object({
  title: Title.optional(),
  kind: z.enum(['plan', 'report']).optional(),
  description: z.string().max(10_000).optional(),
  dueAt: DueAt.optional(),
  reminderOffsets: OffsetList.optional(),
  escalateAfter: z.string().max(10).nullable().optional(),
  formKey: FormKey.nullable().optional(),
  audience: Audience.optional(),
});

const UnitStatusEnum = z.enum(STATUS_ORDER as [string, ...string[]]);

const StatusQuery = z.object({
  status: z.enum(['late', 'missing', 'returned', 'submitted']).optional(),
  q: z.string().max(200).optional().openapi({ description: 'Unit code or name, with or without diacritics' }),
  limit: decimalInt(1, 20_000).default(1000),
  offset: decimalInt(0).default(0),
});

const StatusSchema = z
  .object({
    requirement: z.object({
      id: z.number().int(),
      campaignId: z.number().int(),
      title: z.string(),
      kind: z.enum(['plan', 'report']),
      status: z.enum(['open', 'closed']),
    }),
    dueAt: InstantString,
    counts: z.object({
      total: z.number().int(),
      missing: z.number().int(),
      submitted: z.number().int(),
      late: z.number().int(),
      returned: z.number().int(),
    }),
    items: z.array(
      z.object({
        unit: z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: z.string(), parentId: z.number().int().nullable() }),
        status: UnitStatusEnum,
        lastSubmittedAt: InstantString.nullable(),
        latestVersion: z.number().int().nullable(),
        submissionId: z.number().int().nullable(),
        reviewState: z.enum(['received', 'accepted', 'returned']).nullable(),
        onTime: z.boolean().nullable().openapi({ description: "Whether the unit's first submission came in time" }),
        firstSubmittedAt: InstantString.nullable(),
        contactCount: z.number().int(),
        extendedDueAt: InstantString.nullable().openapi({ description: "The unit's own later deadline (gia hạn), if staff gave one" }),
      }),
    ),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('RequirementStatus');

function statusDto(s: RequirementStatus, timeZone: string, limit: number, offset: number) {
  // Up to thousands of instants: the cached formatter keeps Intl out of the loop.
  const iso = localIsoFormatter(timeZone);
  return {
    requirement: s.requirement,
    dueAt: iso(s.dueAt),
    counts: s.counts,
    // Thousands of items: set the one field that changes instead of copying every object.
    items: s.items.map((i) => Object.assign(i, {
        lastSubmittedAt: i.lastSubmittedAt ? iso(i.lastSubmittedAt) : null,
        firstSubmittedAt: i.firstSubmittedAt ? iso(i.firstSubmittedAt) : null,
        extendedDueAt: i.extendedDueAt ? iso(i.extendedDueAt) : null,
      })),
    total: s.total,
    limit,
    offset,
  };
}

export function requirementsRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns/{id}/requirements',
      tags: ['Plans'],
      summary: 'Add a requirement (a plan or report to collect) to a campaign',
      description: 'A closed campaign refuses new requirements with 409 `closed`.',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: RequirementCreateBody } } } },
      responses: { 201: jsonContent(RequirementSchema, 'Created'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(requirementDto(createRequirement(ctx, c.req.valid('param').id, c.req.valid('json')), ctx.timeZone), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/requirements',
      tags: ['Plans'],
      summary: 'List requirements, soonest due first',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: {
        query: PagingQuery.extend({
          campaignId: idNumber().optional(),
          status: z.enum(['open', 'closed']).optional(),
        }),
      },
      responses: {
        200: jsonContent(
          pageOf(RequirementSchema),
          'Requirements',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const { items, total } = listRequirements(ctx, q);
      return c.json({ items: items.map((r) => requirementDto(r, ctx.timeZone)), total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/requirements/{id}',
      tags: ['Plans'],
      summary: 'Get a requirement',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(RequirementSchema, 'Requirement'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(requirementDto(getRequirement(ctx, c.req.valid('param').id), ctx.timeZone), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/requirements/{id}',
      tags: ['Plans'],
      summary: 'Change a requirement',
      description: 'Changing dueAt, reminderOffsets or audience increments scheduleVersion, so reminders are re-planned.',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: RequirementPatchBody } } } },
      responses: { 200: jsonContent(RequirementSchema, 'Updated'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(requirementDto(updateRequirement(ctx, c.req.valid('param').id, c.req.valid('json')), ctx.timeZone), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/requirements/{id}/close',
      tags: ['Plans'],
      summary: 'Close a requirement: it takes no more submissions',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(RequirementSchema, 'Closed'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(requirementDto(closeRequirement(ctx, c.req.valid('param').id), ctx.timeZone), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/requirements/{id}/status',
      tags: ['Plans'],
      summary: 'Who has sent what: one row per unit in the audience',
      description:
        `${STATUS_RULE} counts cover the whole audience; items are filtered by status and q, ` +
        'ordered late, missing, returned, submitted, then by unit code. contactCount = active unit contacts of the unit.',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: IdParam, query: StatusQuery },
      responses: { 200: jsonContent(StatusSchema, 'Status per unit'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const status = requirementStatus(ctx, c.req.valid('param').id, q);
      return c.json(statusDto(status, ctx.timeZone, q.limit, q.offset), 200);
    },
  );
}
