import { createRoute, z } from '@hono/zod-openapi';
import { createApiToken, listApiTokens, publicApiToken, revokeApiToken, type ApiToken } from '../../domain/api-tokens.js';
import type { Ctx } from '../../domain/context.js';
import { invalid } from '../../core/errors.js';
import { formatLocalIso, parseInstant } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery } from './schemas.js';

const Role = z.enum(['admin', 'staff', 'viewer']);

const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    tokenPrefix: z.string().openapi({ example: 'cn_Xk3f' }),
    role: Role,
    staffUserId: z.number().int().nullable(),
    expiresAt: InstantString.nullable(),
    lastUsedAt: InstantString.nullable(),
    revokedAt: InstantString.nullable(),
    createdAt: InstantString,
  })
  .openapi('ApiToken');

const CreatedApiToken = ApiTokenSchema.extend({
  token: z.string().openapi({ description: 'The token itself. Shown this once; only its hash is stored.' }),
  warning: z.string(),
}).openapi('CreatedApiToken');

function apiTokenDto(ctx: Ctx, t: ApiToken) {
  const iso = (d: Date | null) => (d ? formatLocalIso(d, ctx.timeZone) : null);
  return {
    id: t.id,
    name: t.name,
    tokenPrefix: t.tokenPrefix,
    role: t.role,
    staffUserId: t.staffUserId,
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
    createdAt: formatLocalIso(t.createdAt, ctx.timeZone),
  };
}

export function apiTokensRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/api-tokens',
      tags: ['API tokens'],
      summary: 'Create an API token (the token is shown once)',
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().trim().min(1).max(100).openapi({ example: 'dashboard-import' }),
                role: Role,
                staffUserId: z.number().int().positive().optional(),
                expiresAt: z.string().optional().openapi({ example: '2026-12-31 17:00' }),
              }),
            },
          },
        },
      },
      responses: { 201: jsonContent(CreatedApiToken, 'Created'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const body = c.req.valid('json');
      let expiresAt: Date | undefined;
      if (body.expiresAt !== undefined) {
        expiresAt = parseInstant(body.expiresAt, ctx.timeZone);
        if (!expiresAt) throw invalid('expiresAt: use an ISO time with offset or "YYYY-MM-DD HH:MM"', 'expiresAt');
      }
      const { token, row } = createApiToken(ctx, { ...body, expiresAt });
      return c.json(
        {
          ...apiTokenDto(ctx, publicApiToken(row)),
          token,
          warning: 'Copy this token now: it is shown only once and cannot be recovered. Revoke it if it leaks.',
        },
        201,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api-tokens',
      tags: ['API tokens'],
      summary: 'List API tokens (never the tokens themselves)',
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: { query: PagingQuery },
      responses: {
        200: jsonContent(
          pageOf(ApiTokenSchema),
          'API tokens',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const page = listApiTokens(ctx, q);
      return c.json({ items: page.items.map((t) => apiTokenDto(ctx, t)), total: page.total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api-tokens/{id}/revoke',
      tags: ['API tokens'],
      summary: 'Revoke an API token; it gets 401 from then on',
      security: bearer,
      middleware: [requireRole('admin')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(ApiTokenSchema, 'Revoked'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(apiTokenDto(ctx, revokeApiToken(ctx, c.req.valid('param').id)), 200);
    },
  );
}
