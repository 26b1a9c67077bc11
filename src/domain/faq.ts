import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { faqEntries, faqFeedback } from '../db/schema/index.js';
import { foldVietnamese } from '../lib/text.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { conflict, notFound } from '../core/errors.js';
import { FaqIndex } from './faq-index.js';
import { builtinLanguage } from './faq-language.js';
import { judge, type Match } from './faq-match.js';
import type { FaqFieldsData, SeedFaqEntry } from './faq-schema.js';

export type FaqEntry = {
  id: number;
  slug: string;
  title: string;
  category: string | null;
  questions: string[];
  keywords: string[];
  answer: string;
  procedureCode: string | null;
  legalBasis: string | null;
  sourceUrl: string | null;
  lastReviewed: string | null;
  published: boolean;
  createdAt: Date;
  updatedAt: Date;
};

type Row = typeof faqEntries.$inferSelect;

function toEntry(r: Row): FaqEntry {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    category: r.category,
    questions: r.questionVariants,
    keywords: r.keywords,
    answer: r.answer,
    procedureCode: r.procedureCode,
    legalBasis: r.legalBasis,
    sourceUrl: r.source,
    lastReviewed: r.lastReviewedOn,
    published: r.published,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

type ClearableField = 'category' | 'procedureCode' | 'legalBasis' | 'sourceUrl' | 'lastReviewed';
/** A change to an entry: any field; the optional ones may also be cleared with null. */
export type FaqPatch = Partial<Omit<FaqFieldsData, ClearableField>> & { [K in ClearableField]?: string | null };

function columns(input: FaqPatch) {
  const set: Partial<typeof faqEntries.$inferInsert> = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.category !== undefined) set.category = input.category;
  if (input.questions !== undefined) set.questionVariants = input.questions;
  if (input.keywords !== undefined) set.keywords = input.keywords;
  if (input.answer !== undefined) set.answer = input.answer;
  if (input.procedureCode !== undefined) set.procedureCode = input.procedureCode;
  if (input.legalBasis !== undefined) set.legalBasis = input.legalBasis;
  if (input.sourceUrl !== undefined) set.source = input.sourceUrl;
  if (input.lastReviewed !== undefined) set.lastReviewedOn = input.lastReviewed;
  if (input.published !== undefined) set.published = input.published;
  return set;
}

/**
 * The search index of the published entries, built on first use and dropped by every change,
 * one per database (tests open many).
 */
type SearchState = { index: FaqIndex; published: Map<number, FaqEntry> };
const searchState = preparedFor((_db: Db) => ({ current: undefined as SearchState | undefined }));

function invalidate(db: Db): void {
  searchState(db).current = undefined;
}

function searchable(ctx: Ctx): SearchState {
  const state = searchState(ctx.db);
  if (!state.current) {
    const rows = ctx.db
      .select()
      .from(faqEntries)
      .where(and(eq(faqEntries.active, true), eq(faqEntries.published, true)))
      .all();
    state.current = {
      index: new FaqIndex(
        builtinLanguage(),
        rows.map((r) => ({ id: r.id, title: r.title, questions: r.questionVariants, keywords: r.keywords, answer: r.answer })),
      ),
      published: new Map(rows.map((r) => [r.id, toEntry(r)])),
    };
  }
  return state.current;
}

function slugFrom(title: string): string {
  const base = foldVietnamese(title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 70) || 'muc';
  return base.length >= 2 ? base : `muc-${base}`;
}

function freeSlug(db: Db, wanted: string): string {
  const taken = (s: string) => db.select({ id: faqEntries.id }).from(faqEntries).where(eq(faqEntries.slug, s)).get() !== undefined;
  if (!taken(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

export function getFaq(ctx: Ctx, id: number): FaqEntry {
  const row = ctx.db.select().from(faqEntries).where(and(eq(faqEntries.id, id), eq(faqEntries.active, true))).get();
  if (!row) throw notFound('faq entry', id);
  return toEntry(row);
}

/** Published entries only, for people: undefined for drafts and deleted ones. */
export function findPublishedFaq(ctx: Ctx, id: number): FaqEntry | undefined {
  const row = ctx.db
    .select()
    .from(faqEntries)
    .where(and(eq(faqEntries.id, id), eq(faqEntries.active, true), eq(faqEntries.published, true)))
    .get();
  return row && toEntry(row);
}

export type FaqQuery = { category?: string; published?: boolean; q?: string; limit: number; offset: number };

export function listFaqs(ctx: Ctx, q: FaqQuery): { items: FaqEntry[]; total: number } {
  const where: SQL[] = [eq(faqEntries.active, true)];
  if (q.category) where.push(eq(faqEntries.category, q.category));
  if (q.published !== undefined) where.push(eq(faqEntries.published, q.published));
  if (q.q) {
    const needle = foldVietnamese(q.q);
    const ids = searchable(ctx).index.rank(q.q, 1000).ranked.map((r) => r.id);
    // Drafts are not in the search index: match them (and short words) on the title too.
    const titles = ctx.db.select({ id: faqEntries.id, title: faqEntries.title }).from(faqEntries).all();
    const byTitle = titles.filter((t) => foldVietnamese(t.title).includes(needle)).map((t) => t.id);
    where.push(sql`${faqEntries.id} IN (${sql.join([...new Set([...ids, ...byTitle, -1])].map((id) => sql`${id}`), sql`, `)})`);
  }
  const condition = and(...where);
  const rows = ctx.db.select().from(faqEntries).where(condition).orderBy(asc(faqEntries.category), asc(faqEntries.title)).limit(q.limit).offset(q.offset).all();
  const total = ctx.db.select({ n: count() }).from(faqEntries).where(condition).get()?.n ?? 0;
  return { items: rows.map(toEntry), total };
}

export function createFaq(ctx: Ctx, input: FaqFieldsData): FaqEntry {
  const entry = ctx.db.transaction(() => {
    if (input.slug && ctx.db.select({ id: faqEntries.id }).from(faqEntries).where(eq(faqEntries.slug, input.slug)).get()) {
      throw conflict(`slug: "${input.slug}" is already used`, 'slug');
    }
    const now = ctx.clock.now();
    const row = ctx.db
      .insert(faqEntries)
      .values({
        slug: input.slug ?? freeSlug(ctx.db, slugFrom(input.title)),
        title: input.title,
        questionVariants: input.questions,
        keywords: input.keywords,
        answer: input.answer,
        ...columns(input),
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordAudit(ctx, { action: 'faq.create', entity: 'faq_entry', entityId: row.id, after: row });
    return toEntry(row);
  });
  invalidate(ctx.db);
  return entry;
}

export function updateFaq(ctx: Ctx, id: number, patch: FaqPatch): FaqEntry {
  const entry = ctx.db.transaction(() => {
    const before = ctx.db.select().from(faqEntries).where(and(eq(faqEntries.id, id), eq(faqEntries.active, true))).get();
    if (!before) throw notFound('faq entry', id);
    if (patch.slug && patch.slug !== before.slug) {
      if (ctx.db.select({ id: faqEntries.id }).from(faqEntries).where(eq(faqEntries.slug, patch.slug)).get()) {
        throw conflict(`slug: "${patch.slug}" is already used`, 'slug');
      }
    }
    const after = ctx.db
      .update(faqEntries)
      .set({ ...columns(patch), ...(patch.slug ? { slug: patch.slug } : {}), updatedAt: ctx.clock.now() })
      .where(eq(faqEntries.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, { action: 'faq.update', entity: 'faq_entry', entityId: id, before, after });
    return toEntry(after);
  });
  invalidate(ctx.db);
  return entry;
}

/** The row stays (inactive) so feedback and the audit log keep pointing at something. */
export function deleteFaq(ctx: Ctx, id: number): void {
  ctx.db.transaction(() => {
    const before = ctx.db.select().from(faqEntries).where(and(eq(faqEntries.id, id), eq(faqEntries.active, true))).get();
    if (!before) throw notFound('faq entry', id);
    ctx.db.update(faqEntries).set({ active: false, updatedAt: ctx.clock.now() }).where(eq(faqEntries.id, id)).run();
    recordAudit(ctx, { action: 'faq.delete', entity: 'faq_entry', entityId: id, before });
  });
  invalidate(ctx.db);
}

/**
 * The seed entries (bot-flows/faq) that the database does not have yet, by slug. Entries staff
 * edited or deleted are left alone: the files only start the knowledge base.
 */
export function seedFaqs(ctx: Ctx, entries: SeedFaqEntry[]): number {
  const added = ctx.db.transaction(() => {
    const known = new Set(ctx.db.select({ slug: faqEntries.slug }).from(faqEntries).all().map((r) => r.slug));
    const now = ctx.clock.now();
    const fresh = entries.filter((e) => !known.has(e.slug));
    for (const e of fresh) {
      ctx.db
        .insert(faqEntries)
        .values({ slug: e.slug, title: e.title, questionVariants: e.questions, keywords: e.keywords, answer: e.answer, ...columns(e), createdAt: now, updatedAt: now })
        .run();
    }
    if (fresh.length) recordAudit(ctx, { action: 'faq.seed', entity: 'faq_entry', after: { slugs: fresh.map((e) => e.slug) } });
    return fresh.length;
  });
  if (added) invalidate(ctx.db);
  return added;
}

export type FaqSearchResult = { entry: FaqEntry; score: number; matched: { term: string; fields: string[] }[]; queryTerms: string[] };
export type FaqSearch = { match: Match; results: FaqSearchResult[] };

/** The ranking for a question, with scores and the terms that matched; `match` says whether the bot would answer. */
export function searchFaqs(ctx: Ctx, question: string, limit = 5): FaqSearch {
  const { index, published } = searchable(ctx);
  const ranking = index.rank(question, Math.max(limit, 5));
  const match = judge(ranking);
  const results = ranking.ranked.slice(0, limit).flatMap((r) => {
    const entry = published.get(r.id);
    return entry ? [{ entry, score: r.score, matched: r.matched, queryTerms: r.queryTerms }] : [];
  });
  return { match, results };
}

/** Builds the search index now (at start), so the first question does not wait for it. */
export function prepareFaqSearch(ctx: Ctx): number {
  return searchable(ctx).index.size;
}

/** Categories people can browse, with how many published entries each has. */
export function faqCategories(ctx: Ctx): { category: string; entries: number }[] {
  return ctx.db
    .select({ category: faqEntries.category, entries: count() })
    .from(faqEntries)
    .where(and(eq(faqEntries.active, true), eq(faqEntries.published, true), sql`${faqEntries.category} IS NOT NULL`))
    .groupBy(faqEntries.category)
    .orderBy(asc(faqEntries.category))
    .all()
    .map((r) => ({ category: r.category!, entries: r.entries }));
}

export function publishedInCategory(ctx: Ctx, category: string): FaqEntry[] {
  return ctx.db
    .select()
    .from(faqEntries)
    .where(and(eq(faqEntries.active, true), eq(faqEntries.published, true), eq(faqEntries.category, category)))
    .orderBy(asc(faqEntries.title))
    .all()
    .map(toEntry);
}

/** 👍 and 👎 an entry received. */
export function faqFeedbackCounts(ctx: Ctx, entryId: number): { helpful: number; notHelpful: number } {
  const rows = ctx.db
    .select({ verdict: faqFeedback.verdict, n: count() })
    .from(faqFeedback)
    .where(eq(faqFeedback.entryId, entryId))
    .groupBy(faqFeedback.verdict)
    .all();
  const of = (v: string) => rows.find((r) => r.verdict === v)?.n ?? 0;
  return { helpful: of('helpful'), notHelpful: of('not_helpful') };
}
