import { createRoute, z } from '@hono/zod-openapi';
import type { Ctx } from '../../domain/context.js';
import {
  createInvite,
  createStaffInvite,
  listInvites,
  MAX_EXPIRY_HOURS,
  revokeInvite,
  type Invite,
  type InviteShare,
} from '../../domain/invites.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery, idNumber } from './schemas.js';

const InviteState = z.enum(['active', 'used', 'expired', 'revoked']);

const InviteSchema = z
  .object({
    id: z.number().int(),
    code: z.string().openapi({ example: 'K7QH3MZP' }),
    role: z.enum(['unit_contact', 'staff']),
    state: InviteState,
    unitId: z.number().int().nullable(),
    unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
    staffUserId: z.number().int().nullable(),
    note: z.string().nullable(),
    expiresAt: InstantString,
    usedAt: InstantString.nullable(),
    usedByContactId: z.number().int().nullable(),
    revokedAt: InstantString.nullable(),
    createdAt: InstantString,
  })
  .openapi('Invite');

const CreatedInvite = InviteSchema.extend({
  telegramLink: z.string().nullable().openapi({ example: 'https://t.me/CauNoiSoGDBot?start=K7QH3MZP' }),
  telegramHint: z.string().nullable(),
  zaloText: z.string().openapi({ description: 'What a Zalo user sends to the bot: the code itself.' }),
  instructions: z.string().openapi({ description: 'Vietnamese text staff paste into a message to the unit.' }),
}).openapi('CreatedInvite');

const InviteBody = z.object({
  expiresInHours: z.number().int().min(1).max(MAX_EXPIRY_HOURS).optional().openapi({ example: 168 }),
  note: z.string().trim().max(500).optional(),
});

const iso = (ctx: Ctx, d: Date | null) => (d ? formatLocalIso(d, ctx.timeZone) : null);

export function inviteDto(ctx: Ctx, i: Invite) {
  return {
    id: i.id,
    code: i.code,
    role: i.role,
    state: i.state,
    unitId: i.unitId,
    unit: i.unit,
    staffUserId: i.staffUserId,
    note: i.note,
    expiresAt: formatLocalIso(i.expiresAt, ctx.timeZone),
    usedAt: iso(ctx, i.usedAt),
    usedByContactId: i.usedByContactId,
    revokedAt: iso(ctx, i.revokedAt),
    createdAt: formatLocalIso(i.createdAt, ctx.timeZone),
  };
}

const createdDto = (ctx: Ctx, i: Invite & InviteShare) => ({
  ...inviteDto(ctx, i),
  telegramLink: i.telegramLink,
  telegramHint: i.telegramHint,
  zaloText: i.zaloText,
  instructions: i.instructions,
});

export function invitesRoutes(api: ApiRouter, deps: AppDeps): void {
  // Read per request: the Telegram adapter may learn the username from getMe after start-up.
  const botUsername = () => deps.config.telegram.botUsername ?? null;

  api.openapi(
    createRoute({
      method: 'post',
      path: '/units/{id}/invites',
      tags: ['Contacts'],
      summary: "Create a single-use code that links a chat account as the unit's contact",
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: InviteBody } } } },
      responses: { 201: jsonContent(CreatedInvite, 'Created; share the link, the code or the instructions'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const body = c.req.valid('json') ?? {};
      const invite = createInvite(ctx, { unitId: c.req.valid('param').id, ...body }, botUsername());
      return c.json(createdDto(ctx, invite), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/staff-users/{id}/invites',
      tags: ['Staff users'],
      summary: "Create a single-use code that links a staff member's own chat account",
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: InviteBody } } } },
      responses: { 201: jsonContent(CreatedInvite, 'Created'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const body = c.req.valid('json') ?? {};
      const invite = createStaffInvite(ctx, { staffUserId: c.req.valid('param').id, ...body }, botUsername());
      return c.json(createdDto(ctx, invite), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/invites',
      tags: ['Contacts'],
      summary: 'List invites',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: {
        query: PagingQuery.extend({
          unitId: idNumber().optional(),
          staffUserId: idNumber().optional(),
          state: InviteState.optional(),
        }),
      },
      responses: {
        200: jsonContent(
          pageOf(InviteSchema),
          'Invites, newest first',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const page = listInvites(ctx, q);
      return c.json({ items: page.items.map((i) => inviteDto(ctx, i)), total: page.total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/invites/{id}/revoke',
      tags: ['Contacts'],
      summary: 'Revoke an unused invite',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(InviteSchema, 'Revoked'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(inviteDto(ctx, revokeInvite(ctx, c.req.valid('param').id)), 200);
    },
  );
}
