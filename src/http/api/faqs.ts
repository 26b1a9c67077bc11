import { createRoute, z } from '@hono/zod-openapi';
import type { Ctx } from '../../domain/context.js';
import { createFaq, deleteFaq, faqFeedbackCounts, getFaq, listFaqs, searchFaqs, updateFaq, type FaqEntry } from '../../domain/faq.js';
import { listFaqGaps } from '../../domain/faq-feedback.js';
import { CATEGORY, FaqFields } from '../../domain/faq-schema.js';
import { formatLocalIso } from '../../lib/time.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, IdParam, InstantString, jsonContent, pageOf, PagingQuery } from './schemas.js';

const FaqSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    category: z.string().nullable(),
    questions: z.array(z.string()).openapi({ description: 'Ways people ask it; they weigh more than the answer text in search' }),
    keywords: z.array(z.string()),
    answer: z.string(),
    procedureCode: z.string().nullable(),
    legalBasis: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    lastReviewed: z.string().nullable().openapi({ example: '2026-11-25' }),
    published: z.boolean(),
    feedback: z.object({ helpful: z.number().int(), notHelpful: z.number().int() }),
    createdAt: InstantString,
    updatedAt: InstantString,
  })
  .openapi('FaqEntry');

const SearchResult = z.object({
  entry: FaqSchema,
  score: z.number(),
  matched: z.array(z.object({ term: z.string(), fields: z.array(z.string()) })).openapi({ description: 'Entry terms that matched and where' }),
  queryTerms: z.array(z.string()).openapi({ description: 'Terms of the question that found something' }),
});

const Gap = z.object({
  normalized: z.string(),
  count: z.number().int(),
  noAnswer: z.number().int(),
  notHelpful: z.number().int(),
  example: z.string(),
  lastAskedAt: InstantString,
  entryIds: z.array(z.number().int()),
});

function faqDto(ctx: Ctx, e: FaqEntry): z.infer<typeof FaqSchema> {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    category: e.category,
    questions: e.questions,
    keywords: e.keywords,
    answer: e.answer,
    procedureCode: e.procedureCode,
    legalBasis: e.legalBasis,
    sourceUrl: e.sourceUrl,
    lastReviewed: e.lastReviewed,
    published: e.published,
    feedback: faqFeedbackCounts(ctx, e.id),
    createdAt: formatLocalIso(e.createdAt, ctx.timeZone),
    updatedAt: formatLocalIso(e.updatedAt, ctx.timeZone),
  };
}

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export function faqsRoutes(api: ApiRouter, _deps: AppDeps): void {
  // Before /faqs/{id}, which would read "search" as an id.
  api.openapi(
    createRoute({
      method: 'get',
      path: '/faqs/search',
      tags: ['Knowledge base'],
      summary: 'Rank entries for a question as the bot does: scores, matched terms, and whether the bot would answer',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: {
        query: z.object({
          q: z.string().trim().min(1).max(4000).openapi({ example: 'hoc phi nam nay co mien ko ad' }),
          limit: z.coerce.number().int().min(1).max(20).default(5),
        }),
      },
      responses: {
        200: jsonContent(
          z.object({
            confident: z.boolean().openapi({ description: 'The bot answers with the first result on its own' }),
            coverage: z.number(),
            margin: z.number().nullable().openapi({ description: 'Score of the first result ÷ the second' }),
            results: z.array(SearchResult),
          }),
          'Ranking',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const { q, limit } = c.req.valid('query');
      const { match, results } = searchFaqs(ctx, q, limit);
      return c.json(
        {
          confident: match.confident,
          coverage: Math.round(match.coverage * 1000) / 1000,
          margin: match.margin === null ? null : Math.round(match.margin * 1000) / 1000,
          results: results.map((r) => ({ ...r, entry: faqDto(ctx, r.entry), score: Math.round(r.score * 100) / 100 })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/faqs/gaps',
      tags: ['Knowledge base'],
      summary: 'Questions the bot could not answer confidently or whose answer got a 👎, grouped by normalised text, most asked first',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { query: PagingQuery },
      responses: { 200: jsonContent(pageOf(Gap), 'Gaps'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const page = c.req.valid('query');
      const { items, total } = listFaqGaps(ctx, page);
      return c.json({ items: items.map((g) => ({ ...g, lastAskedAt: formatLocalIso(g.lastAskedAt, ctx.timeZone) })), total, ...page }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/faqs',
      tags: ['Knowledge base'],
      summary: 'List entries (drafts included), by category, published state or words of the title and questions',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: {
        query: PagingQuery.extend({
          category: z.string().regex(CATEGORY).optional(),
          published: Bool.optional(),
          q: z.string().trim().min(1).max(200).optional(),
        }),
      },
      responses: { 200: jsonContent(pageOf(FaqSchema), 'Entries'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const q = c.req.valid('query');
      const { items, total } = listFaqs(ctx, q);
      return c.json({ items: items.map((e) => faqDto(ctx, e)), total, limit: q.limit, offset: q.offset }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/faqs',
      tags: ['Knowledge base'],
      summary: 'Add an entry: title, keywords and answer are required; it is searchable at once when published (default)',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { body: { required: true, content: { 'application/json': { schema: FaqFields } } } },
      responses: { 201: jsonContent(FaqSchema, 'Created'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(faqDto(ctx, createFaq(ctx, c.req.valid('json'))), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/faqs/{id}',
      tags: ['Knowledge base'],
      summary: 'One entry, with its 👍 / 👎 counts',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(FaqSchema, 'The entry'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(faqDto(ctx, getFaq(ctx, c.req.valid('param').id)), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/faqs/{id}',
      tags: ['Knowledge base'],
      summary: 'Change an entry (any field); set lastReviewed when the content was checked again',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: FaqFields.partial() } } } },
      responses: { 200: jsonContent(FaqSchema, 'Changed'), ...errorResponses },
    }),
    (c) => {
      const ctx = c.get('ctx');
      return c.json(faqDto(ctx, updateFaq(ctx, c.req.valid('param').id, c.req.valid('json'))), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/faqs/{id}',
      tags: ['Knowledge base'],
      summary: 'Delete an entry (the bot stops using it at once)',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    (c) => {
      deleteFaq(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
