import { createRoute, z } from '@hono/zod-openapi';
import { listAuditPage } from '../../domain/audit-log.js';
import { invalid } from '../../core/errors.js';
import { formatLocalIso, parseInstant } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, InstantString, jsonContent, pageOf, PagingQuery } from './schemas.js';

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: InstantString,
    actorType: z.string().openapi({ example: 'api_token' }),
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string().openapi({ example: 'unit.update' }),
    entity: z.string().openapi({ example: 'unit' }),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('AuditEntry');

export function auditRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit-log',
      tags: ['Audit'],
      summary: 'Who changed what, when, with the values before and after',
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: {
        query: PagingQuery.extend({
          entity: z.string().trim().min(1).max(60).optional().openapi({ example: 'unit' }),
          entityId: z.string().trim().min(1).max(60).optional(),
          action: z.string().trim().min(1).max(80).optional().openapi({ example: 'unit.update' }),
          from: z.string().optional().openapi({ example: '2026-05-01' }),
          to: z.string().optional().openapi({ example: '2026-05-31 23:59' }),
        }),
      },
      responses: {
        200: jsonContent(
          pageOf(AuditEntrySchema),
          'Entries, newest first',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const instant = (field: 'from' | 'to') => {
        const raw = q[field]?.trim();
        if (raw === undefined) return undefined;
        // A bare date covers the whole day: from its first second to its last.
        const text = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw} ${field === 'from' ? '00:00:00' : '23:59:59'}` : raw;
        const d = parseInstant(text, ctx.timeZone);
        if (!d) throw invalid(`${field}: use an ISO time with offset or "YYYY-MM-DD[ HH:MM]"`, field);
        return d;
      };
      const page = listAuditPage(ctx, { ...q, from: instant('from'), to: instant('to') });
      return c.json(
        {
          items: page.items.map((e) => ({
            id: e.id,
            at: formatLocalIso(e.at, ctx.timeZone),
            actorType: e.actorType,
            actorId: e.actorId,
            actorLabel: e.actorLabel,
            action: e.action,
            entity: e.entity,
            entityId: e.entityId,
            before: e.before ?? null,
            after: e.after ?? null,
          })),
          total: page.total,
          limit: q.limit,
          offset: q.offset,
        },
        200,
      );
    },
  );
}
