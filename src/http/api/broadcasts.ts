import { createRoute, z } from '@hono/zod-openapi';
import { BROADCAST_ROLES } from '../../domain/broadcast-audience.js';
import { deliveryCounts, pendingAcknowledgements, type DeliveryCounts } from '../../domain/broadcast-status.js';
import {
  cancelBroadcast,
  createBroadcast,
  effectiveStatus,
  getBroadcast,
  listBroadcasts,
  MAX_BROADCAST_TEXT,
  previewAudience,
  type Broadcast,
} from '../../domain/broadcasts.js';
import { contactVisibility } from '../../domain/contact-privacy.js';
import type { Ctx } from '../../domain/context.js';
import { TOPIC_PATTERN } from '../../domain/subscriptions.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery } from './schemas.js';

const Status = z.enum(['scheduled', 'sending', 'sent', 'cancelled']);
const Role = z.enum(BROADCAST_ROLES);
const ChannelCounts = z.object({ telegram: z.number().int(), zalo: z.number().int(), zalo_oa: z.number().int(), web: z.number().int() });

const AudienceSchema = z
  .object({
    roles: z.array(Role).min(1).openapi({ example: ['unit_contact'] }),
    unitKinds: z.array(z.string().trim().min(1).max(40)).max(100).optional().openapi({ description: 'Narrows unit contacts' }),
    unitIds: z.array(z.number().int().positive()).max(10_000).optional().openapi({ description: 'Narrows unit contacts (OR with unitKinds)' }),
    topics: z
      .array(z.string().trim().regex(TOPIC_PATTERN, 'a topic key: a-z, 0-9, - and _'))
      .max(50)
      .optional()
      .openapi({ description: 'Narrows citizens to those subscribed to one of these' }),
  })
  .openapi('BroadcastAudience');

const Counts = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.object({ total: z.number().int(), byReason: z.record(z.string(), z.number().int()) }),
  cancelled: z.number().int(),
  acked: z.number().int(),
});

const BroadcastSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    text: z.string(),
    audience: AudienceSchema,
    requireAck: z.boolean(),
    attachmentFileId: z.number().int().nullable(),
    status: Status,
    scheduledAt: InstantString.nullable(),
    createdBy: z.string(),
    createdAt: InstantString,
    startedAt: InstantString.nullable(),
    finishedAt: InstantString.nullable(),
    cancelledAt: InstantString.nullable(),
    counts: Counts,
  })
  .openapi('Broadcast');

const PendingAck = z.object({
  contactId: z.number().int(),
  displayName: z.string(),
  channel: z.string(),
  role: z.string(),
  unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  deliveryStatus: z.string(),
  failureReason: z.string().nullable(),
});

const BroadcastDetail = BroadcastSchema.extend({
  notAcknowledged: pageOf(PendingAck),
}).openapi('BroadcastDetail');

function broadcastDto(ctx: Ctx, b: Broadcast, counts: DeliveryCounts) {
  const iso = (d: Date | null) => (d ? formatLocalIso(d, ctx.timeZone) : null);
  return {
    id: b.id,
    title: b.title,
    text: b.text,
    audience: b.audience,
    requireAck: b.requireAck,
    attachmentFileId: b.attachmentFileId,
    status: effectiveStatus(b, counts),
    scheduledAt: iso(b.scheduledAt),
    createdBy: b.createdBy,
    createdAt: formatLocalIso(b.createdAt, ctx.timeZone),
    startedAt: iso(b.startedAt),
    finishedAt: iso(b.finishedAt),
    cancelledAt: iso(b.cancelledAt),
    counts,
  };
}

function detailDto(ctx: Ctx, id: number, page: { limit: number; offset: number }) {
  const b = getBroadcast(ctx, id);
  const pending = b.requireAck ? pendingAcknowledgements(ctx.db, id, page, contactVisibility(ctx.actor)) : { items: [], total: 0 };
  return { ...broadcastDto(ctx, b, deliveryCounts(ctx.db, id)), notAcknowledged: { ...pending, ...page } };
}

export function broadcastsRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/broadcasts',
      tags: ['Broadcasts'],
      summary: 'Create a broadcast: sent now, or at scheduledAt by the broadcasts job',
      description:
        'text may use **bold**, _italic_, [text](https://…) and line breaks; each channel renders what it can. ' +
        'Recipients are the active contacts in the audience when sending starts; citizens only through a subscription. ' +
        'With requireAck each message carries a "✅ Đã nhận" button.',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                title: z.string().trim().max(200).optional(),
                text: z.string().trim().min(1).max(MAX_BROADCAST_TEXT),
                audience: AudienceSchema,
                requireAck: z.boolean().optional(),
                scheduledAt: z.string().trim().max(40).nullable().optional().openapi({ example: '2026-05-20 08:00' }),
                attachmentFileId: z.number().int().positive().nullable().optional(),
              }),
            },
          },
        },
      },
      responses: { 201: jsonContent(BroadcastSchema, 'Created (and queued, unless scheduled)'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const created = createBroadcast(ctx, c.req.valid('json'));
      return c.json(broadcastDto(ctx, created, deliveryCounts(ctx.db, created.id)), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/broadcasts/preview',
      tags: ['Broadcasts'],
      summary: 'Count who an audience reaches now, without sending anything',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ audience: AudienceSchema }) } } } },
      responses: {
        200: jsonContent(
          z.object({
            total: z.number().int(),
            byRole: z.object({ unit_contact: z.number().int(), citizen: z.number().int(), staff: z.number().int() }),
            byChannel: ChannelCounts,
          }),
          'Audience size',
        ),
        ...errorResponses,
      },
    }),
    (c) => c.json(previewAudience(c.get('ctx'), c.req.valid('json').audience), 200),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/broadcasts',
      tags: ['Broadcasts'],
      summary: 'List broadcasts, newest first, with delivery counts',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { query: PagingQuery.extend({ status: Status.optional() }) },
      responses: {
        200: jsonContent(
          pageOf(BroadcastSchema),
          'Broadcasts',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const page = listBroadcasts(ctx, q);
      return c.json({ items: page.items.map((b) => broadcastDto(ctx, b, b.counts)), total: page.total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/broadcasts/{id}',
      tags: ['Broadcasts'],
      summary: 'One broadcast: status, delivery counts, failures by reason, and who has not acknowledged (paged)',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: IdParam, query: PagingQuery },
      responses: { 200: jsonContent(BroadcastDetail, 'The broadcast'), ...errorResponses },
    }),
    (c) => c.json(detailDto(c.get('ctx'), c.req.valid('param').id, c.req.valid('query')), 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/broadcasts/{id}/cancel',
      tags: ['Broadcasts'],
      summary: 'Cancel: what has not been sent is dropped; what was sent stays sent',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(BroadcastDetail, 'Cancelled'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const id = c.req.valid('param').id;
      cancelBroadcast(ctx, id);
      return c.json(detailDto(ctx, id, { limit: 100, offset: 0 }), 200);
    },
  );
}
