import { createRoute, z } from '@hono/zod-openapi';
import type { Ctx } from '../../domain/context.js';
import {
  createStaffUser,
  getStaffUser,
  listStaffUsers,
  MIN_PASSWORD_LENGTH,
  updateStaffUser,
  USERNAME_PATTERN,
  type StaffUser,
} from '../../domain/staff-users.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery } from './schemas.js';

const Role = z.enum(['admin', 'staff', 'viewer']);

const StaffUserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    role: Role,
    active: z.boolean(),
    hasPassword: z.boolean().openapi({ description: 'Whether a dashboard password is set; the hash is never returned.' }),
    createdAt: InstantString,
    updatedAt: InstantString,
  })
  .openapi('StaffUser');

const DisplayName = z.string().trim().min(1).max(200);
const Email = z.email().max(320).nullable();
const Password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200);

function staffUserDto(ctx: Ctx, u: StaffUser) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    active: u.active,
    hasPassword: u.hasPassword,
    createdAt: formatLocalIso(u.createdAt, ctx.timeZone),
    updatedAt: formatLocalIso(u.updatedAt, ctx.timeZone),
  };
}

export function staffUsersRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/staff-users',
      tags: ['Staff users'],
      summary: 'Create a staff user (dashboard account)',
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                username: z
                  .string()
                  .trim()
                  .regex(USERNAME_PATTERN, '3–40 lower-case letters, digits, . _ -')
                  .openapi({ example: 'nguyen.van.a' }),
                displayName: DisplayName,
                email: Email.optional(),
                role: Role,
                password: Password.optional(),
              }),
            },
          },
        },
      },
      responses: { 201: jsonContent(StaffUserSchema, 'Created'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(staffUserDto(ctx, createStaffUser(ctx, c.req.valid('json'))), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/staff-users',
      tags: ['Staff users'],
      summary: 'List staff users',
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: {
        query: PagingQuery.extend({
          role: Role.optional(),
          active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
        }),
      },
      responses: {
        200: jsonContent(
          pageOf(StaffUserSchema),
          'Staff users by username',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const page = listStaffUsers(ctx, q);
      return c.json({ items: page.items.map((u) => staffUserDto(ctx, u)), total: page.total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/staff-users/{id}',
      tags: ['Staff users'],
      summary: 'One staff user',
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(StaffUserSchema, 'The staff user'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(staffUserDto(ctx, getStaffUser(ctx, c.req.valid('param').id)), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/staff-users/{id}',
      tags: ['Staff users'],
      summary: 'Change name, e-mail, role, active flag or password',
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                displayName: DisplayName.optional(),
                email: Email.optional(),
                role: Role.optional(),
                active: z.boolean().optional(),
                password: Password.optional(),
              }),
            },
          },
        },
      },
      responses: { 200: jsonContent(StaffUserSchema, 'Updated'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(staffUserDto(ctx, updateStaffUser(ctx, c.req.valid('param').id, c.req.valid('json'))), 200);
    },
  );
}
