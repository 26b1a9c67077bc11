import MiniSearch, { type SearchResult } from 'minisearch';
import type { Language, Slot } from './faq-language.js';

/**
 * Ranking of knowledge-base entries for a question, in memory with MiniSearch (BM25+ with
 * per-field boosts and edit-distance fuzziness). The same Language analysis indexes and
 * queries, so short forms, teen-code and syllable pairs mean the same on both sides.
 * Behind this small interface another ranker (FTS5, an embedding model) could take over.
 */

export type IndexedEntry = { id: number; title: string; questions: string[]; keywords: string[]; answer: string };

export type RankedEntry = {
  id: number;
  score: number;
  /** The entry's terms that matched, and in which fields (title, questions, keywords, answer). */
  matched: { term: string; fields: string[] }[];
  /** The question's terms that found something (a typo finds its corrected term). */
  queryTerms: string[];
};

export type Ranking = {
  ranked: RankedEntry[];
  /**
   * How much of the question the best entry covers, 0–1: each meaningful word weighs by how
   * rare it is in the knowledge base (a word no entry has weighs most), and counts when the
   * best entry matched it. "lương giáo viên" finds entries about teachers, but not "lương".
   */
  coverage: number;
};

const FIELDS = ['title', 'questions', 'keywords', 'answer'] as const;
/** Question variants and keywords say what an entry is about; the answer only mentions things. */
const BOOST = { title: 2.5, questions: 2.5, keywords: 3, answer: 0.6 };

/** Typo tolerance on longer terms only: a short syllable one edit away is another word. */
function fuzziness(term: string): number | false {
  if (term.includes('_')) return term.length >= 9 ? 1 : false;
  return term.length >= 5 ? 1 : false;
}

export class FaqIndex {
  private readonly search: MiniSearch<IndexedEntry>;
  /** In how many entries each single term occurs. */
  private readonly documentFrequency = new Map<string, number>();

  constructor(
    private readonly language: Language,
    entries: IndexedEntry[],
  ) {
    // One line per question variant or keyword, so no syllable pair spans two of them.
    const tokenize = (text: string) => text.split('\n').flatMap((line) => language.analyze(line).terms);
    this.search = new MiniSearch<IndexedEntry>({
      fields: [...FIELDS],
      extractField: (doc, field) => extract(doc, field),
      tokenize,
      processTerm: (term) => term,
    });
    this.search.addAll(entries);
    for (const entry of entries) {
      const terms = new Set(FIELDS.flatMap((f) => tokenize(extract(entry, f))));
      for (const t of terms) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
    }
  }

  get size(): number {
    return this.search.documentCount;
  }

  rank(question: string, limit = 5): Ranking {
    const { terms, slots } = this.language.analyze(question);
    const unique = [...new Set(terms)];
    if (unique.length === 0) return { ranked: [], coverage: 0 };
    const results = this.search.search(unique.join(' '), {
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: BOOST,
      fuzzy: (term) => fuzziness(term),
      maxFuzzy: 2,
      combineWith: 'OR',
    });
    const ranked = results.slice(0, limit).map(toRanked);
    return { ranked, coverage: ranked[0] ? this.coverage(slots, results[0]!.queryTerms) : 0 };
  }

  private coverage(slots: Slot[], matchedQueryTerms: string[]): number {
    const matched = new Set(matchedQueryTerms);
    const n = this.search.documentCount;
    let total = 0;
    let covered = 0;
    for (const slot of slots) {
      const words = slot.readings.flat();
      const df = Math.max(...words.map((w) => this.documentFrequency.get(w) ?? 0));
      const weight = Math.log(1 + n / Math.max(df, 0.5));
      total += weight;
      if (words.some((w) => matched.has(w)) || matched.has(slot.original)) covered += weight;
    }
    return total === 0 ? 0 : covered / total;
  }
}

function extract(doc: IndexedEntry, field: string): string {
  const value = doc[field as keyof IndexedEntry];
  return Array.isArray(value) ? value.join('\n') : String(value);
}

function toRanked(r: SearchResult): RankedEntry {
  const readable = (t: string) => t.replace(/_/g, ' ');
  return {
    id: Number(r.id),
    score: r.score,
    matched: r.terms.map((t) => ({ term: readable(t), fields: r.match[t] ?? [] })),
    queryTerms: r.queryTerms.map(readable),
  };
}
