import { and, eq } from 'drizzle-orm';
import { faqFeedback } from '../db/schema/index.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import { openGap } from './faq-feedback.js';
import { createFaq, getFaq, updateFaq, type FaqEntry } from './faq.js';
import type { FaqFieldsData } from './faq-schema.js';

/** Marks a gap's feedback handled, so it leaves the gaps list; what people ask afterwards shows again. */
function resolveGap(ctx: Ctx, normalized: string, entryId: number): number {
  const n = ctx.db
    .update(faqFeedback)
    .set({ resolvedAt: ctx.clock.now() })
    .where(and(eq(faqFeedback.normalized, normalized), openGap()))
    .run().changes;
  if (n === 0) throw notFound('knowledge-base gap', normalized);
  recordAudit(ctx, { action: 'faq.gap_resolve', entity: 'faq_entry', entityId: entryId, after: { normalized, feedback: n } });
  return n;
}

/** One click on the gaps list: the question becomes a new entry (a draft or published, as staff chose). */
export function gapToEntry(ctx: Ctx, normalized: string, fields: FaqFieldsData): FaqEntry {
  return ctx.db.transaction(() => {
    const entry = createFaq(ctx, fields);
    resolveGap(ctx, normalized, entry.id);
    return entry;
  });
}

/** …or the question becomes another way of asking an existing entry, so the bot finds it next time. */
export function gapToVariant(ctx: Ctx, normalized: string, input: { entryId: number; question: string }): FaqEntry {
  return ctx.db.transaction(() => {
    const entry = getFaq(ctx, input.entryId);
    const question = input.question.trim().slice(0, 300);
    if (!question) throw invalid('Câu hỏi không được để trống.', 'question');
    if (entry.questions.length >= 50) throw invalid('Mục này đã có 50 cách hỏi; hãy bớt cách hỏi cũ trước.', 'question');
    if (entry.questions.some((q) => q.toLowerCase() === question.toLowerCase())) {
      throw conflict('Mục này đã có cách hỏi đó.', 'question');
    }
    const updated = updateFaq(ctx, entry.id, { questions: [...entry.questions, question] });
    resolveGap(ctx, normalized, entry.id);
    return updated;
  });
}
