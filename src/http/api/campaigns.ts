import { createRoute, z } from '@hono/zod-openapi';
import {
  closeCampaign,
  createCampaign,
  getCampaignWithRequirements,
  isCalendarDate,
  listCampaigns,
  updateCampaign,
  type Campaign,
} from '../../domain/campaigns.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import { RequirementSchema, requirementDto } from './requirements.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery } from './schemas.js';

const CampaignSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    referenceNumber: z.string().nullable(),
    issuedOn: z.string().nullable().openapi({ example: '2026-03-02' }),
    description: z.string(),
    sourceDocument: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    closedAt: InstantString.nullable(),
    createdAt: InstantString,
    updatedAt: InstantString,
  })
  .openapi('Campaign');

const CampaignWithRequirements = CampaignSchema.extend({ requirements: z.array(RequirementSchema) }).openapi(
  'CampaignWithRequirements',
);

function campaignDto(c: Campaign, timeZone: string): z.infer<typeof CampaignSchema> {
  return {
    id: c.id,
    title: c.title,
    referenceNumber: c.referenceNumber,
    issuedOn: c.issuedOn,
    description: c.description,
    sourceDocument: c.sourceDocument,
    status: c.status,
    closedAt: c.closedAt ? formatLocalIso(c.closedAt, timeZone) : null,
    createdAt: formatLocalIso(c.createdAt, timeZone),
    updatedAt: formatLocalIso(c.updatedAt, timeZone),
  };
}

const IssuedOn = z
  .string()
  .refine(isCalendarDate, 'a real date YYYY-MM-DD')
  .openapi({ example: '2026-03-02', description: 'Ngày ban hành (issue date)' });

const CampaignBody = z.object({
  title: z.string().trim().min(1).max(300).openapi({ example: 'Kế hoạch tuyên truyền năm 2026' }),
  referenceNumber: z.string().max(100).nullable().optional().openapi({ example: '512/KH-SGDĐT' }),
  issuedOn: IssuedOn.nullable().optional(),
  description: z.string().max(20_000).optional(),
  sourceDocument: z.string().max(500).nullable().optional().openapi({ description: 'Where the plan text lives (file name or link)' }),
});

export function campaignsRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns',
      tags: ['Plans'],
      summary: 'Create a campaign (kế hoạch / đợt)',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { body: { required: true, content: { 'application/json': { schema: CampaignBody } } } },
      responses: { 201: jsonContent(CampaignSchema, 'Created'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(campaignDto(createCampaign(ctx, c.req.valid('json')), ctx.timeZone), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/campaigns',
      tags: ['Plans'],
      summary: 'List campaigns, newest first',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: {
        query: PagingQuery.extend({
          status: z.enum(['open', 'closed']).optional(),
          q: z.string().max(200).optional().openapi({ description: 'Title or reference number, with or without diacritics' }),
        }),
      },
      responses: {
        200: jsonContent(
          pageOf(CampaignSchema),
          'Campaigns',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const { items, total } = listCampaigns(ctx, q);
      return c.json({ items: items.map((x) => campaignDto(x, ctx.timeZone)), total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/campaigns/{id}',
      tags: ['Plans'],
      summary: 'Get a campaign with its requirements',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(CampaignWithRequirements, 'Campaign'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const { campaign, requirements } = getCampaignWithRequirements(ctx, c.req.valid('param').id);
      return c.json(
        { ...campaignDto(campaign, ctx.timeZone), requirements: requirements.map((r) => requirementDto(r, ctx.timeZone)) },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/campaigns/{id}',
      tags: ['Plans'],
      summary: 'Change a campaign',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: CampaignBody.partial() } } } },
      responses: { 200: jsonContent(CampaignSchema, 'Updated'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(campaignDto(updateCampaign(ctx, c.req.valid('param').id, c.req.valid('json')), ctx.timeZone), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns/{id}/close',
      tags: ['Plans'],
      summary: 'Close a campaign and its open requirements',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(CampaignSchema, 'Closed'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(campaignDto(closeCampaign(ctx, c.req.valid('param').id), ctx.timeZone), 200);
    },
  );
}
