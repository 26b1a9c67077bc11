import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findPublishedFaq, searchFaqs, seedFaqs } from '../../../src/domain/faq.js';
import { loadFaqDir } from '../../../src/domain/faq-schema.js';
import { makeTestApp } from '../../helpers/app.js';

type Item = { q: string; expect: string | null; style: string };
const SET = parse(readFileSync(new URL('./eval-set.yaml', import.meta.url), 'utf8')).questions as Item[];

const t = makeTestApp();
afterAll(() => t.close());
seedFaqs(t.ctx, loadFaqDir());

/** What the bot does with each question: answers one entry on its own, or does not guess. */
function outcome(item: Item): { answered: string | null; right: boolean } {
  const { match } = searchFaqs(t.ctx, item.q);
  const answered = match.confident && match.best ? findPublishedFaq(t.ctx, match.best.id)!.slug : null;
  return { answered, right: answered === item.expect };
}

describe('the knowledge base on the evaluation set (test/domain/faq/eval-set.yaml)', () => {
  const results = SET.map((item) => ({ item, ...outcome(item) }));

  it('has 150+ realistic questions, 20+ of them without an answer', () => {
    expect(SET.length).toBeGreaterThanOrEqual(150);
    expect(SET.filter((i) => i.expect === null).length).toBeGreaterThanOrEqual(20);
    const slugs = new Set(loadFaqDir().map((e) => e.slug));
    for (const i of SET) if (i.expect) expect(slugs, i.q).toContain(i.expect);
  });

  it('answers ≥ 90% of the answerable ones with the right entry, and does not guess on ≥ 90% of the others', () => {
    const styles = [...new Set(SET.map((i) => i.style))];
    const rows = styles.map((style) => {
      const of = results.filter((r) => r.item.style === style);
      const right = of.filter((r) => r.right).length;
      return { style, questions: of.length, right, share: `${((100 * right) / of.length).toFixed(1)}%` };
    });
    const answerable = results.filter((r) => r.item.expect !== null);
    const unanswerable = results.filter((r) => r.item.expect === null);
    const top1 = answerable.filter((r) => r.right).length / answerable.length;
    const noGuess = unanswerable.filter((r) => r.answered === null).length / unanswerable.length;
    const wrong = answerable.filter((r) => r.answered !== null && !r.right).length;
    // Printed so BENCHMARKS.md can quote it (style "none": right = did not guess).
    console.log(
      `\nFAQ evaluation: ${SET.length} questions\n` +
        rows.map((r) => `  ${r.style.padEnd(6)} ${String(r.right).padStart(3)}/${String(r.questions).padEnd(3)} ${r.share}`).join('\n') +
        `\n  answerable: right entry ${(100 * top1).toFixed(1)}% (${wrong} wrong answers, the rest not guessed)` +
        `\n  no answer in the base: not guessed ${(100 * noGuess).toFixed(1)}%\n` +
        results
          .filter((r) => !r.right)
          .map((r) => `  miss [${r.item.style}] "${r.item.q.slice(0, 70)}" → ${r.answered ?? '(no guess)'} (expected ${r.item.expect ?? 'none'})`)
          .join('\n'),
    );
    expect(top1).toBeGreaterThanOrEqual(0.9);
    expect(noGuess).toBeGreaterThanOrEqual(0.9);
  });
});
