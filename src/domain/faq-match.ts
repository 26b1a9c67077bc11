import type { Ranking, RankedEntry } from './faq-index.js';

/**
 * When the bot may answer on its own. Below these it does not guess: it offers the closest
 * entries as choices, or says honestly that it has no answer and offers to ask staff.
 * Tuned on test/domain/faq/eval-set.yaml (accuracy per style in BENCHMARKS.md).
 */
export const CONFIDENCE = {
  /** Share of the question's meaning (rare words weigh more) the best entry covers. */
  minCoverage: 0.64,
  /** A long message says much besides its question: less coverage will do when the match is strong. */
  longMessage: { minCoverage: 0.4, minScore: 50 },
  /** The best entry must lead the runner-up by this factor. */
  minMargin: 1.05,
  /** Below this score a match is one stray word. */
  minScore: 5,
  /** Entries offered as "did you mean" when not confident, or as related ones after an answer. */
  alternatives: 3,
  /** An alternative is offered only when it scores at least this share of the best. */
  alternativeShare: 0.35,
} as const;

export type Match = {
  confident: boolean;
  best: RankedEntry | undefined;
  alternatives: RankedEntry[];
  coverage: number;
  margin: number | null;
};

export function judge(ranking: Ranking): Match {
  const [best, second] = ranking.ranked;
  const margin = best && second ? best.score / second.score : null;
  const confident =
    best !== undefined &&
    best.score >= CONFIDENCE.minScore &&
    (ranking.coverage >= CONFIDENCE.minCoverage ||
      (ranking.coverage >= CONFIDENCE.longMessage.minCoverage && best.score >= CONFIDENCE.longMessage.minScore)) &&
    (margin === null || margin >= CONFIDENCE.minMargin);
  const alternatives = best
    ? ranking.ranked.slice(confident ? 1 : 0).filter((r) => r.score >= best.score * CONFIDENCE.alternativeShare).slice(0, CONFIDENCE.alternatives)
    : [];
  return { confident, best, alternatives, coverage: ranking.coverage, margin };
}
