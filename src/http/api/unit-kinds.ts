import { createRoute, z } from '@hono/zod-openapi';
import { createUnitKind, listUnitKinds, UNIT_KIND_KEY, updateUnitKind } from '../../domain/unit-kinds.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, jsonContent } from './schemas.js';

const UnitKind = z
  .object({ key: z.string(), label: z.string(), sortOrder: z.number().int() })
  .openapi('UnitKind');

const KindKey = z
  .string()
  .regex(UNIT_KIND_KEY, 'lower-case letters, digits and _ (2–40), starting with a letter')
  .openapi({ example: 'truong_thpt' });

const toDto = (k: { key: string; label: string; sortOrder: number }) => ({ key: k.key, label: k.label, sortOrder: k.sortOrder });

export function unitKindRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/unit-kinds',
      tags: ['Units'],
      summary: 'List unit kinds',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      responses: { 200: jsonContent(z.object({ items: z.array(UnitKind) }), 'Unit kinds'), ...errorResponses },
    }),
    (c) => c.json({ items: listUnitKinds(c.get('ctx')).map(toDto) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/unit-kinds',
      tags: ['Units'],
      summary: 'Add a unit kind (e.g. after a reorganisation)',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ key: KindKey, label: z.string().trim().min(1).max(200), sortOrder: z.number().int().optional() }),
            },
          },
        },
      },
      responses: { 201: jsonContent(UnitKind, 'Created'), ...errorResponses },
    }),
    (c) => c.json(toDto(createUnitKind(c.get('ctx'), c.req.valid('json'))), 201),
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/unit-kinds/{key}',
      tags: ['Units'],
      summary: 'Rename a unit kind',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: {
        params: z.object({ key: KindKey.openapi({ param: { name: 'key', in: 'path' } }) }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ label: z.string().trim().min(1).max(200).optional(), sortOrder: z.number().int().optional() }),
            },
          },
        },
      },
      responses: { 200: jsonContent(UnitKind, 'Updated'), ...errorResponses },
    }),
    (c) => c.json(toDto(updateUnitKind(c.get('ctx'), c.req.valid('param').key, c.req.valid('json'))), 200),
  );
}
