import { CHANNELS } from '../../core/messages.js';
import { createRoute, z } from '@hono/zod-openapi';
import { listContacts, revokeContact, viewContact, type ContactWithUnit } from '../../domain/contacts.js';
import type { Ctx } from '../../domain/context.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery, idNumber } from './schemas.js';

const Channel = z.enum(CHANNELS);
const Role = z.enum(['unit_contact', 'citizen', 'staff']);
const Status = z.enum(['active', 'blocked', 'revoked']);

const ContactSchema = z
  .object({
    id: z.number().int(),
    channel: Channel,
    platformUserId: z.string(),
    chatId: z.string(),
    displayName: z.string(),
    role: Role,
    status: Status,
    unitId: z.number().int().nullable(),
    unit: z.object({ id: z.number().int(), code: z.string(), name: z.string(), active: z.boolean() }).nullable(),
    staffUserId: z.number().int().nullable(),
    consentAt: InstantString.nullable(),
    lastSeenAt: InstantString.nullable(),
    blockedAt: InstantString.nullable(),
    revokedAt: InstantString.nullable(),
    createdAt: InstantString,
    updatedAt: InstantString,
  })
  .openapi('Contact');

export function contactDto(ctx: Ctx, c: ContactWithUnit) {
  const iso = (d: Date | null) => (d ? formatLocalIso(d, ctx.timeZone) : null);
  return {
    id: c.id,
    channel: c.channel,
    platformUserId: c.platformUserId,
    chatId: c.chatId,
    displayName: c.displayName,
    role: c.role,
    status: c.status,
    unitId: c.unitId,
    unit: c.unit,
    staffUserId: c.staffUserId,
    consentAt: iso(c.consentAt),
    lastSeenAt: iso(c.lastSeenAt),
    blockedAt: iso(c.blockedAt),
    revokedAt: iso(c.revokedAt),
    createdAt: formatLocalIso(c.createdAt, ctx.timeZone),
    updatedAt: formatLocalIso(c.updatedAt, ctx.timeZone),
  };
}

export function contactsRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/contacts',
      tags: ['Contacts'],
      summary: 'List contacts (unit contacts, citizens, staff chats); citizens from the staff role up, anyone who sent a denunciation for the admin role only',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: {
        query: PagingQuery.extend({
          unitId: idNumber().optional(),
          role: Role.optional(),
          channel: Channel.optional(),
          status: Status.optional(),
          q: z.string().trim().max(200).optional().openapi({ description: 'Name (with or without diacritics), platform user id, or unit code/name' }),
        }),
      },
      responses: {
        200: jsonContent(
          pageOf(ContactSchema),
          'Contacts, newest first',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const page = listContacts(ctx, q);
      return c.json({ items: page.items.map((x) => contactDto(ctx, x)), total: page.total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}',
      tags: ['Contacts'],
      summary: 'One contact (404 for a citizen below the staff role, and for a denouncer below admin)',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(ContactSchema, 'The contact'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(contactDto(ctx, viewContact(ctx, c.req.valid('param').id)), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/{id}/revoke',
      tags: ['Contacts'],
      summary: 'Revoke a contact: the bot stops sending to them until they link again with a fresh code',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        params: IdParam,
        body: { required: false, content: { 'application/json': { schema: z.object({ reason: z.string().trim().max(500).optional() }) } } },
      },
      responses: { 200: jsonContent(ContactSchema, 'Revoked'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const body = c.req.valid('json') ?? {};
      const id = c.req.valid('param').id;
      viewContact(ctx, id); // a contact the actor may not see is not found, not revoked
      return c.json(contactDto(ctx, revokeContact(ctx, id, body)), 200);
    },
  );
}
