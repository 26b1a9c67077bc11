import { faqCategories, findPublishedFaq, publishedInCategory, searchFaqs, type FaqEntry } from '../../domain/faq.js';
import { recordFaqFeedback } from '../../domain/faq-feedback.js';
import { C } from '../citizen-texts.js';
import type { Choice } from '../../core/messages.js';
import { IDLE } from '../session.js';
import { say, type Turn } from '../turn.js';
import { citizenState, offer, showMenu } from './citizen-ui.js';

/** Button labels are short: Telegram shows about 40 characters on a phone. */
function shortTitle(title: string): string {
  return title.length > 48 ? `${title.slice(0, 46).trimEnd()}…` : title;
}

function reviewedOn(iso: string | null): string | null {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : null;
}

/** The entry's title and answer with its legal basis and source, "Có giúp ích không?" and related entries. */
export function showAnswer(turn: Turn, entry: FaqEntry, question: string, related: { id: number; title: string }[] = []): void {
  const choices: Choice[][] = [
    [
      { label: C.helpfulYes, data: `fb:up:${entry.id}` },
      { label: C.helpfulNo, data: `fb:down:${entry.id}` },
    ],
    ...related.map((r) => [{ label: `📘 ${shortTitle(r.title)}`, data: `faq:${r.id}` }]),
  ];
  const text = C.answer({ title: entry.title, answer: entry.answer, legalBasis: entry.legalBasis, sourceUrl: entry.sourceUrl, reviewed: reviewedOn(entry.lastReviewed) });
  offer(turn, related.length ? `${text}\n\n${C.related}` : text, choices, { step: 'answered', question, entryId: entry.id });
}

/** A free-text question: the best answer when confident, close alternatives when not, else an honest "no" and an offer to ask staff. */
export function answerQuestion(turn: Turn, question: string): void {
  const { match, results } = searchFaqs(turn.ctx, question, 5);
  const found = new Map(results.map((r) => [r.entry.id, r.entry]));
  const entryOf = (id: number) => found.get(id);
  if (match.confident && match.best) {
    const best = entryOf(match.best.id)!;
    const related = match.alternatives.flatMap((a) => {
      const e = entryOf(a.id);
      return e ? [{ id: e.id, title: e.title }] : [];
    });
    return showAnswer(turn, best, question, related.slice(0, 2));
  }
  recordFaqFeedback(turn.ctx, { verdict: 'no_answer', contactId: turn.contact?.id ?? null, question });
  const candidates = match.alternatives.flatMap((a) => {
    const e = entryOf(a.id);
    return e ? [[{ label: `📘 ${shortTitle(e.title)}`, data: `faq:${e.id}` }]] : [];
  });
  const forward = [{ label: C.forwardButton, data: 'c:fwd' }];
  if (candidates.length) return offer(turn, C.unsure, [...candidates, forward], { step: 'unsure', question });
  offer(turn, C.noAnswer, [forward, [{ label: C.menuTopics, data: 'c:topics' }]], { step: 'unsure', question });
}

/** A pressed "📘 title" (an alternative, or an entry from a topic). */
export function showEntry(turn: Turn, id: number): void {
  const entry = findPublishedFaq(turn.ctx, id);
  if (!entry) return showMenu(turn, C.entryGone);
  const state = citizenState(turn);
  const question = state && 'question' in state ? state.question : entry.title;
  showAnswer(turn, entry, question);
}

/** 👍 / 👎 on an answer; a 👎 joins the gaps list and offers to ask staff. */
export function recordVerdict(turn: Turn, entryId: number, helpful: boolean): void {
  const state = citizenState(turn);
  const question = state && 'question' in state ? state.question : (findPublishedFaq(turn.ctx, entryId)?.title ?? '');
  recordFaqFeedback(turn.ctx, { verdict: helpful ? 'helpful' : 'not_helpful', entryId, contactId: turn.contact?.id ?? null, question });
  if (helpful) {
    turn.state = IDLE;
    return say(turn, C.thanksHelpful);
  }
  offer(turn, C.sorryNotHelpful, [[{ label: C.forwardButton, data: 'c:fwd' }], [{ label: C.otherQuestion, data: 'c:ask' }]], { step: 'unsure', question });
}

export function showTopics(turn: Turn): void {
  const categories = faqCategories(turn.ctx);
  if (!categories.length) return showMenu(turn, C.noTopics);
  const choices = categories.map((c) => [{ label: `${C.category[c.category] ?? c.category} (${c.entries})`, data: `cat:${c.category}` }]);
  offer(turn, C.topicsHeader, choices, { step: 'topics' });
}

export function showCategory(turn: Turn, category: string): void {
  const entries = publishedInCategory(turn.ctx, category);
  if (!entries.length) return showTopics(turn);
  const choices = entries.map((e) => [{ label: `📘 ${shortTitle(e.title)}`, data: `faq:${e.id}` }]);
  offer(turn, C.topicEntries((C.category[category] ?? category).toLowerCase()), choices, { step: 'topics' });
}
