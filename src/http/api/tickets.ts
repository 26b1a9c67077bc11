import { createRoute, z } from '@hono/zod-openapi';
import type { Ctx } from '../../domain/context.js';
import { assignTicket, closeTicket, getTicket, listTickets, MAX_TICKET_TEXT, replyToTicket, type TicketSummary } from '../../domain/tickets.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery } from './schemas.js';

const Kind = z.enum(['question', 'feedback', 'complaint', 'denunciation']);
const Status = z.enum(['new', 'assigned', 'answered', 'closed']);

const TicketSchema = z
  .object({
    id: z.number().int(),
    code: z.string().openapi({ example: 'KN-2026-000012' }),
    kind: Kind,
    status: Status,
    subject: z.string(),
    firstMessage: z.string(),
    messageCount: z.number().int(),
    assigneeId: z.number().int().nullable(),
    assigneeName: z.string().nullable(),
    ackDueAt: InstantString.nullable().openapi({ description: 'Acceptance notice due (complaints 10 days, denunciations 7 working days)' }),
    dueAt: InstantString.nullable(),
    overdue: z.boolean(),
    createdAt: InstantString,
    updatedAt: InstantString,
    closedAt: InstantString.nullable(),
  })
  .openapi('Ticket');

const Message = z.object({
  id: z.number().int(),
  author: z.enum(['citizen', 'staff', 'system']),
  authorLabel: z.string().nullable().openapi({ description: 'Who wrote a staff message' }),
  staffUserId: z.number().int().nullable(),
  body: z.string(),
  createdAt: InstantString,
});

const TicketDetail = TicketSchema.extend({
  messages: z.array(Message),
  requester: z
    .object({ contactId: z.number().int(), displayName: z.string(), channel: z.string(), platformUserId: z.string(), chatId: z.string() })
    .nullable()
    .openapi({ description: 'The person: for a denunciation only with the admin role; null otherwise' }),
}).openapi('TicketDetail');

function ticketDto(ctx: Ctx, t: TicketSummary): z.infer<typeof TicketSchema> {
  const iso = (d: Date | null) => (d ? formatLocalIso(d, ctx.timeZone) : null);
  return {
    id: t.id,
    code: t.code,
    kind: t.kind,
    status: t.status,
    subject: t.subject,
    firstMessage: t.firstMessage,
    messageCount: t.messageCount,
    assigneeId: t.assigneeId,
    assigneeName: t.assigneeName,
    ackDueAt: iso(t.ackDueAt),
    dueAt: iso(t.dueAt),
    overdue: t.overdue,
    createdAt: formatLocalIso(t.createdAt, ctx.timeZone),
    updatedAt: formatLocalIso(t.updatedAt, ctx.timeZone),
    closedAt: iso(t.closedAt),
  };
}

function detailDto(ctx: Ctx, id: number): z.infer<typeof TicketDetail> {
  const t = getTicket(ctx, id);
  return {
    ...ticketDto(ctx, t),
    messages: t.messages.map((m) => ({ ...m, createdAt: formatLocalIso(m.createdAt, ctx.timeZone) })),
    requester: t.requester,
  };
}

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export function ticketsRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/tickets',
      tags: ['Tickets'],
      summary: 'Questions, feedback, complaints and denunciations from people, newest first; never who sent them',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { query: PagingQuery.extend({ status: Status.optional(), kind: Kind.optional(), overdue: Bool.optional() }) },
      responses: { 200: jsonContent(pageOf(TicketSchema), 'Tickets'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const { items, total } = listTickets(ctx, q);
      return c.json({ items: items.map((t) => ticketDto(ctx, t)), total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}',
      tags: ['Tickets'],
      summary: 'One ticket with its thread; the person behind a denunciation only for the admin role',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(TicketDetail, 'The ticket'), ...errorResponses },
    }),
    (c) => c.json(detailDto(c.get('ctx'), c.req.valid('param').id), 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/replies',
      tags: ['Tickets'],
      summary: "The Department's answer: recorded on the ticket and sent to the person's chat",
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: z.object({ text: z.string().trim().min(1).max(MAX_TICKET_TEXT) }) } } },
      },
      responses: { 201: jsonContent(TicketDetail, 'Sent; the ticket with its thread'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const id = c.req.valid('param').id;
      replyToTicket(ctx, id, c.req.valid('json'));
      return c.json(detailDto(ctx, id), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/assign',
      tags: ['Tickets'],
      summary: 'Give the ticket to a staff user (null takes it back)',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: z.object({ staffUserId: z.number().int().positive().nullable() }) } } },
      },
      responses: { 200: jsonContent(TicketDetail, 'Assigned'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const id = c.req.valid('param').id;
      assignTicket(ctx, id, c.req.valid('json'));
      return c.json(detailDto(ctx, id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/close',
      tags: ['Tickets'],
      summary: 'Close the ticket; the person is told. An optional note stays on the thread',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        params: IdParam,
        body: { required: false, content: { 'application/json': { schema: z.object({ note: z.string().trim().max(MAX_TICKET_TEXT).optional() }) } } },
      },
      responses: { 200: jsonContent(TicketDetail, 'Closed'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const id = c.req.valid('param').id;
      closeTicket(ctx, id, c.req.valid('json') ?? {});
      return c.json(detailDto(ctx, id), 200);
    },
  );
}
