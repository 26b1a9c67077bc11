import { and, count, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import { faqFeedback } from '../db/schema/index.js';
import { preparedFor } from '../db/prepared.js';
import type { Ctx } from './context.js';
import { builtinLanguage } from './faq-language.js';

export type FaqVerdict = 'helpful' | 'not_helpful' | 'no_answer';

/** The question reduced to its meaningful words, so "hoc phi ?" and "Học phí ạ" group together. */
export function gapKey(question: string): string {
  const key = builtinLanguage()
    .analyze(question)
    .slots.map((s) => s.original)
    .join(' ');
  return key || builtinLanguage().words(question).join(' ');
}

const insertFeedback = preparedFor((db) =>
  db.$client.prepare(`INSERT INTO faq_feedback (verdict, entry_id, contact_id, question, normalized, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
);

/** A 👍 / 👎 on an answer, or a question nothing answered confidently. Call inside the turn's transaction. */
export function recordFaqFeedback(ctx: Ctx, input: { verdict: FaqVerdict; entryId?: number | null; contactId?: number | null; question: string }): void {
  insertFeedback(ctx.db).run(
    input.verdict,
    input.entryId ?? null,
    input.contactId ?? null,
    input.question.slice(0, 1000),
    gapKey(input.question).slice(0, 500),
    ctx.clock.now().getTime(),
  );
}

export type FaqGap = {
  normalized: string;
  count: number;
  noAnswer: number;
  notHelpful: number;
  /** The latest wording people used. */
  example: string;
  lastAskedAt: Date;
  /** Entries that got the 👎 (the answer people found wrong). */
  entryIds: number[];
};

/** Feedback that makes a gap: a 👎 or no confident answer, not yet turned into an entry or a variant. */
export const openGap = () => and(inArray(faqFeedback.verdict, ['not_helpful', 'no_answer']), isNull(faqFeedback.resolvedAt));

/** Questions without a confident answer or with a 👎, grouped by normalised text, most asked first. */
export function listFaqGaps(ctx: Ctx, page: { limit: number; offset: number }): { items: FaqGap[]; total: number } {
  const gap = openGap();
  const groups = ctx.db
    .select({
      normalized: faqFeedback.normalized,
      count: count(),
      noAnswer: sql<number>`sum(case when ${faqFeedback.verdict} = 'no_answer' then 1 else 0 end)`,
      lastAt: max(faqFeedback.createdAt),
      lastId: max(faqFeedback.id),
    })
    .from(faqFeedback)
    .where(gap)
    .groupBy(faqFeedback.normalized)
    .orderBy(desc(count()), desc(max(faqFeedback.createdAt)))
    .limit(page.limit)
    .offset(page.offset)
    .all();
  const total =
    ctx.db.select({ n: sql<number>`count(distinct ${faqFeedback.normalized})` }).from(faqFeedback).where(gap).get()?.n ?? 0;
  const items = groups.map((g) => {
    const latest = ctx.db.select({ question: faqFeedback.question }).from(faqFeedback).where(eq(faqFeedback.id, g.lastId!)).get();
    const entries = ctx.db
      .selectDistinct({ entryId: faqFeedback.entryId })
      .from(faqFeedback)
      .where(and(eq(faqFeedback.normalized, g.normalized), eq(faqFeedback.verdict, 'not_helpful'), isNull(faqFeedback.resolvedAt)))
      .all();
    return {
      normalized: g.normalized,
      count: g.count,
      noAnswer: Number(g.noAnswer),
      notHelpful: g.count - Number(g.noAnswer),
      example: latest?.question ?? g.normalized,
      lastAskedAt: new Date(Number(g.lastAt)),
      entryIds: entries.flatMap((e) => (e.entryId === null ? [] : [e.entryId])),
    };
  });
  return { items, total };
}
