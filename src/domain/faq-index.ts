import type { Language, Slot } from './faq-language.js';

/**
 * Ranking of knowledge-base entries for a question: BM25F over four fields (title, question
 * variants, keywords, answer) with field boosts, typo tolerance for unknown longer words, and
 * the same Language analysis on both sides, so short forms, teen-code and syllable pairs
 * mean the same in the index and the query.
 *
 * Postings are typed arrays with each (term, entry) weight computed at build time, and a
 * search reuses one score array: nothing per posting is allocated, so the garbage collector
 * has next to nothing to do. All terms share three flat arrays (a term names its range):
 * three small typed arrays per term cost ~860 bytes of heap each, 2.2 MB for the 35 entries.
 * (MiniSearch, tried first, kept an object per posting and spent 20–50 ms in GC pauses at the
 * p99 over 1,000 entries; bench/faq.bench.ts.)
 * Behind this small interface another ranker (an embedding model) could take over.
 */

export type IndexedEntry = { id: number; title: string; questions: string[]; keywords: string[]; answer: string };

export type RankedEntry = {
  id: number;
  score: number;
  /** The entry's terms that matched, and in which fields (title, questions, keywords, answer). */
  matched: { term: string; fields: string[] }[];
  /** The question's terms that found something (a typo names the term it found). */
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
type Field = (typeof FIELDS)[number];
/** Question variants and keywords say what an entry is about; the answer only mentions things. */
const BOOST: Record<Field, number> = { title: 2.5, questions: 2.5, keywords: 3, answer: 0.6 };
const K1 = 1.2;
const B = 0.75;
/** A typo's match counts less than the word itself. */
const FUZZY_WEIGHT = 0.45;
/** A term in more than this share of a large base says nothing about which entry fits ("hoc"). */
const COMMON_SHARE = 0.25;
const COMMON_MIN = 100;
/** Query terms kept from a long message: the rarest known ones, and a few possible typos. */
const MAX_QUERY_TERMS = 24;
const MAX_TYPO_TERMS = 4;

/** Each term's postings are positions start…end-1 of the shared arrays, ordered by entry. */
type Postings = { readonly start: number; readonly end: number };

/** Typo tolerance on longer single words only: a short syllable one edit away is another word. */
function mayBeTypo(term: string): boolean {
  return !term.includes('_') && term.length >= 5;
}

export class FaqIndex {
  private readonly ids: number[];
  private readonly postings = new Map<string, Postings>();
  /** Per posting: the entry (its position in ids), its weight for the term, the fields it is in (bits). */
  private readonly docs: Int32Array;
  private readonly weights: Float32Array;
  private readonly fields: Uint8Array;
  /** Single words by their one-letter deletions, for typo lookups (SymSpell's idea). */
  private readonly deletions = new Map<string, string[]>();
  private readonly scores: Float64Array;
  private readonly hits: Uint16Array;
  private readonly touched: Int32Array;

  constructor(
    private readonly language: Language,
    entries: IndexedEntry[],
  ) {
    this.ids = entries.map((e) => e.id);
    const n = entries.length;
    this.scores = new Float64Array(n);
    this.hits = new Uint16Array(n);
    this.touched = new Int32Array(n);
    // term → per entry: weighted, length-normalised frequency summed over fields, and field bits.
    const raw = new Map<string, Map<number, { tf: number; fields: number }>>();
    const lengths = FIELDS.map(() => new Float64Array(n));
    const fieldTerms = entries.map((entry, doc) =>
      FIELDS.map((field, f) => {
        const terms = this.tokenize(entry, field);
        lengths[f]![doc] = terms.length;
        return terms;
      }),
    );
    const average = lengths.map((l) => Math.max(1, l.reduce((a, b) => a + b, 0) / Math.max(1, n)));
    fieldTerms.forEach((perField, doc) => {
      perField.forEach((terms, f) => {
        const norm = 1 - B + (B * lengths[f]![doc]!) / average[f]!;
        for (const term of terms) {
          let byDoc = raw.get(term);
          if (!byDoc) raw.set(term, (byDoc = new Map()));
          const slot = byDoc.get(doc) ?? { tf: 0, fields: 0 };
          slot.tf += BOOST[FIELDS[f]!] / norm;
          slot.fields |= 1 << f;
          byDoc.set(doc, slot);
        }
      });
    });
    let total = 0;
    for (const byDoc of raw.values()) total += byDoc.size;
    this.docs = new Int32Array(total);
    this.weights = new Float32Array(total);
    this.fields = new Uint8Array(total);
    let i = 0;
    for (const [term, byDoc] of raw) {
      const start = i;
      for (const [doc, { tf, fields: bits }] of [...byDoc].sort((a, b) => a[0] - b[0])) {
        this.docs[i] = doc;
        this.weights[i] = tf / (K1 + tf);
        this.fields[i] = bits;
        i++;
      }
      this.postings.set(term, { start, end: i });
      if (!term.includes('_')) for (const d of deletionsOf(term)) (this.deletions.get(d) ?? this.deletions.set(d, []).get(d)!).push(term);
    }
  }

  get size(): number {
    return this.ids.length;
  }

  rank(question: string, limit = 5): Ranking {
    const { terms, slots } = this.language.analyze(question);
    const n = this.ids.length;
    if (n === 0) return { ranked: [], coverage: 0 };
    const df = (t: string) => this.df(t);
    const common = Math.max(n * COMMON_SHARE, COMMON_MIN);
    const query = this.queryTerms(terms, df, common);

    // Score: Σ idf × weight over the query terms, then × how many terms matched (many beat one).
    const { scores, hits, touched, docs, weights } = this;
    let count = 0;
    const found: { query: string; term: string; weight: number }[] = [];
    for (const { term, weight } of query) {
      const p = this.postings.get(term);
      if (!p) continue;
      found.push({ query: term, term, weight });
      const size = p.end - p.start;
      const idf = Math.log(1 + (n - size + 0.5) / (size + 0.5));
      for (let i = p.start; i < p.end; i++) {
        const doc = docs[i]!;
        if (hits[doc] === 0) touched[count++] = doc;
        scores[doc] = scores[doc]! + idf * weights[i]! * weight;
        hits[doc] = hits[doc]! + 1;
      }
    }
    const top = topDocs(scores, hits, touched, count, limit);
    for (let i = 0; i < count; i++) {
      scores[touched[i]!] = 0;
      hits[touched[i]!] = 0;
    }
    const ranked = top.map(({ doc, score }) => this.explain(doc, score, found));
    // Words left out for being everywhere do not count against the answer; unknown ones do.
    const weighed = slots.filter((s) => !s.readings.flat().every((w) => df(w) > common));
    return { ranked, coverage: ranked[0] ? this.coverage(weighed, ranked[0].queryTerms, df) : 0 };
  }

  /** How many entries have the term. */
  private df(term: string): number {
    const p = this.postings.get(term);
    return p ? p.end - p.start : 0;
  }

  private tokenize(entry: IndexedEntry, field: Field): string[] {
    const lines = field === 'questions' ? entry.questions : field === 'keywords' ? entry.keywords : entry[field].split('\n');
    return lines.flatMap((line) => this.language.analyze(line).terms);
  }

  /**
   * The terms worth searching: known ones, rarest first, without those nearly every entry has
   * (in a large base), plus known words one edit away from unknown longer words (typos).
   */
  private queryTerms(terms: string[], df: (t: string) => number, common: number): { term: string; weight: number }[] {
    const unique = [...new Set(terms)];
    const known = unique.filter((t) => df(t) > 0);
    const telling = known.filter((t) => df(t) <= common);
    const chosen = (telling.length ? telling : known).sort((a, b) => df(a) - df(b)).slice(0, MAX_QUERY_TERMS);
    const typos = unique
      .filter((t) => df(t) === 0 && mayBeTypo(t))
      .slice(0, MAX_TYPO_TERMS)
      .flatMap((t) => this.corrections(t).map((term) => ({ term, weight: FUZZY_WEIGHT, typo: t })));
    const out = chosen.map((term) => ({ term, weight: 1 }));
    for (const t of typos) if (!chosen.includes(t.term)) out.push(t);
    return out;
  }

  /** Known single words within one edit (insertion, deletion, substitution) of a word. */
  private corrections(word: string): string[] {
    const candidates = new Set<string>();
    for (const key of [word, ...deletionsOf(word)]) for (const t of this.deletions.get(key) ?? []) candidates.add(t);
    if (this.postings.has(word)) candidates.add(word);
    return [...candidates].filter((t) => withinOneEdit(word, t));
  }

  private explain(doc: number, score: number, found: { query: string; term: string }[]): RankedEntry {
    const matched: RankedEntry['matched'] = [];
    for (const { term } of found) {
      const p = this.postings.get(term)!;
      const i = indexOf(this.docs, p.start, p.end, doc);
      if (i < 0) continue;
      matched.push({ term: term.replace(/_/g, ' '), fields: FIELDS.filter((_, f) => (this.fields[i]! >> f) & 1) });
    }
    return { id: this.ids[doc]!, score, matched, queryTerms: matched.map((m) => m.term) };
  }

  private coverage(slots: Slot[], matchedTerms: string[], df: (t: string) => number): number {
    const matched = new Set(matchedTerms.map((t) => t.replace(/ /g, '_')));
    const n = this.ids.length;
    let total = 0;
    let covered = 0;
    for (const slot of slots) {
      const words = slot.readings.flat();
      const weight = Math.log(1 + n / Math.max(Math.max(...words.map(df)), 0.5));
      total += weight;
      const hit = words.some((w) => matched.has(w) || (mayBeTypo(w) && df(w) === 0 && [...matched].some((m) => withinOneEdit(w, m))));
      if (hit || matched.has(slot.original)) covered += weight;
    }
    return total === 0 ? 0 : covered / total;
  }
}

/** The best `limit` entries; for the usual handful an insertion keeps the search free of big arrays. */
function topDocs(scores: Float64Array, hits: Uint16Array, touched: Int32Array, count: number, limit: number): { doc: number; score: number }[] {
  if (limit > 16) {
    const all = Array.from(touched.subarray(0, count), (doc) => ({ doc, score: scores[doc]! * hits[doc]! }));
    return all.sort((a, b) => b.score - a.score).slice(0, limit);
  }
  const top: { doc: number; score: number }[] = [];
  for (let i = 0; i < count; i++) {
    const doc = touched[i]!;
    const score = scores[doc]! * hits[doc]!;
    if (top.length < limit) {
      top.push({ doc, score });
      top.sort((a, b) => b.score - a.score);
    } else if (score > top[limit - 1]!.score) {
      top[limit - 1] = { doc, score };
      top.sort((a, b) => b.score - a.score);
    }
  }
  return top;
}

/** Where `value` is in sorted[start…end-1], or -1. */
function indexOf(sorted: Int32Array, start: number, end: number, value: number): number {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function deletionsOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Levenshtein distance ≤ 1, without building the matrix. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
