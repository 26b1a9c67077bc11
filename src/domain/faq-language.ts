import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { foldVietnamese } from '../lib/text.js';

/**
 * How people type Vietnamese in a chat (bot-flows/language/vi.yaml): short forms and
 * teen-code with their readings, filler words, and small talk. One analysis serves the
 * index and the query, so both sides agree on every term.
 */

const Word = z.string().regex(/^[a-z0-9]+( [a-z0-9]+)*$/, 'lower case letters and digits without diacritics, single spaces');

export const SMALLTALK_KINDS = ['greeting', 'thanks', 'bye', 'ok', 'who', 'test'] as const;
export type SmalltalkKind = (typeof SMALLTALK_KINDS)[number];

const LanguageFile = z.strictObject({
  abbreviations: z.record(Word, z.array(Word).min(1)),
  stopwords: z.array(Word),
  smalltalk: z.strictObject(Object.fromEntries(SMALLTALK_KINDS.map((k) => [k, z.array(Word).min(1)])) as Record<SmalltalkKind, z.ZodArray<typeof Word>>),
});
export type LanguageData = z.infer<typeof LanguageFile>;

export const LANGUAGE_FILE = fileURLToPath(new URL('../../bot-flows/language/vi.yaml', import.meta.url));

export class LanguageLoadError extends Error {
  constructor(file: string, problems: string[]) {
    super(`invalid language file ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'LanguageLoadError';
  }
}

export function parseLanguage(data: unknown, file = 'vi.yaml'): LanguageData {
  const result = LanguageFile.safeParse(data);
  if (!result.success) {
    throw new LanguageLoadError(file, result.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`));
  }
  return result.data;
}

/** A word of the message with its readings: one reading usually, several for "hb". */
export type Slot = { original: string; readings: string[][] };

export type Analysis = {
  /** Terms to index or search: every reading's words, the short form itself, and syllable pairs ("chuyen_truong"). */
  terms: string[];
  /** The meaningful words of the message (stopwords removed), for judging how much of it an answer covers. */
  slots: Slot[];
};

const MAX_PHRASE = 3;
const MIXED = /[a-z]\d|\d[a-z]/;
const LETTER_DIGIT = /(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/;

/** The word of a slot that has one single-word reading (what stopwords can match). */
function single(s: Slot | undefined): string | undefined {
  return s && s.readings.length === 1 && s.readings[0]!.length === 1 ? s.readings[0]![0]! : undefined;
}

export class Language {
  private readonly readings = new Map<string, string[][]>();
  private readonly stop = new Set<string>();
  private readonly small = new Map<string, SmalltalkKind>();
  private readonly stopPhrases = new Set<string>();
  /** First words of multi-word short forms and stopwords: only these need a longer look. */
  private readonly phraseStarts = new Set<string>();

  constructor(data: LanguageData) {
    for (const [form, readings] of Object.entries(data.abbreviations)) this.readings.set(form, readings.map((r) => r.split(' ')));
    for (const w of data.stopwords) (w.includes(' ') ? this.stopPhrases : this.stop).add(w);
    for (const phrase of [...Object.keys(data.abbreviations), ...data.stopwords]) {
      if (phrase.includes(' ')) this.phraseStarts.add(phrase.split(' ')[0]!);
    }
    for (const kind of SMALLTALK_KINDS) for (const phrase of data.smalltalk[kind]) this.small.set(phrase, kind);
  }

  /** Folded words of a text: digits split from letters ("lop10" → lop 10) unless a short form says otherwise. */
  words(text: string): string[] {
    const out: string[] = [];
    for (const w of foldVietnamese(text).split(/[^a-z0-9]+/)) {
      if (!w) continue;
      if (this.readings.has(w) || !MIXED.test(w)) out.push(w);
      else out.push(...w.split(LETTER_DIGIT));
    }
    return out;
  }

  analyze(text: string): Analysis {
    const words = this.words(text);
    // Short forms first (longest match), so "sao v" and "cap 3" are read as a whole.
    const expanded: Slot[] = [];
    for (let i = 0; i < words.length; ) {
      let matched = false;
      const longest = this.phraseStarts.has(words[i]!) ? Math.min(MAX_PHRASE, words.length - i) : 1;
      for (let n = longest; n >= 1; n--) {
        const phrase = words.slice(i, i + n).join(' ');
        const readings = this.readings.get(phrase);
        if (!readings) continue;
        if (readings.length > 1) expanded.push({ original: phrase, readings });
        else {
          // One reading: a slot per word. A one-word form ("thpt") stays a term of its own,
          // carried by the last word's slot, so it still finds entries that write "THPT".
          const reading = readings[0]!;
          reading.forEach((w, k) => expanded.push({ original: n === 1 && k === reading.length - 1 ? phrase : w, readings: [[w]] }));
        }
        i += n;
        matched = true;
        break;
      }
      if (!matched) {
        expanded.push({ original: words[i]!, readings: [[words[i]!]] });
        i += 1;
      }
    }
    const slots = this.withoutStopwords(expanded);
    return { terms: termsOf(slots), slots };
  }

  /** Small talk ("chào ad", "cảm ơn nhiều ạ"): the kind, when nothing else is in the message. */
  smalltalk(text: string): SmalltalkKind | undefined {
    const words = this.words(text);
    if (words.length === 0 || words.length > 8) return undefined;
    let kind: SmalltalkKind | undefined;
    for (let i = 0; i < words.length; ) {
      let step = 0;
      for (let n = Math.min(6, words.length - i); n >= 1 && step === 0; n--) {
        const phrase = words.slice(i, i + n).join(' ');
        const found = this.small.get(phrase);
        if (found) {
          kind ??= found;
          step = n;
        } else if (n === 1 && (this.stop.has(phrase) || this.readings.get(phrase)?.every((r) => this.stop.has(r.join(' '))))) step = 1;
        else if (n > 1 && this.stopPhrases.has(phrase)) step = n;
      }
      if (step === 0) return undefined;
      i += step;
    }
    return kind;
  }

  private withoutStopwords(slots: Slot[]): Slot[] {
    const kept: Slot[] = [];
    for (let i = 0; i < slots.length; ) {
      let skip = 0;
      const first = single(slots[i]);
      const longest = first !== undefined && this.phraseStarts.has(first) ? Math.min(MAX_PHRASE, slots.length - i) : 1;
      for (let n = longest; n >= 2 && skip === 0; n--) {
        const ws = slots.slice(i, i + n).map(single);
        if (ws.every(Boolean) && this.stopPhrases.has(ws.join(' '))) skip = n;
      }
      if (skip === 0 && first !== undefined && this.stop.has(first)) skip = 1;
      if (skip > 0) {
        i += skip;
        continue;
      }
      kept.push(slots[i]!);
      i += 1;
    }
    return kept;
  }
}

function termsOf(slots: Slot[]): string[] {
  const terms: string[] = [];
  slots.forEach((slot, i) => {
    for (const reading of slot.readings) {
      terms.push(...reading);
      for (let k = 1; k < reading.length; k++) terms.push(`${reading[k - 1]}_${reading[k]}`);
    }
    if (slot.readings.length > 1 || slot.readings[0]!.join(' ') !== slot.original) {
      if (!slot.original.includes(' ')) terms.push(slot.original);
    }
    const next = slots[i + 1];
    if (!next) return;
    for (const a of slot.readings) for (const b of next.readings) terms.push(`${a[a.length - 1]}_${b[0]}`);
  });
  return terms;
}

let cached: Language | undefined;
/** The built-in language data, read once (a broken file stops the start). */
export function builtinLanguage(): Language {
  cached ??= new Language(parseLanguage(parseYaml(readFileSync(LANGUAGE_FILE, 'utf8')), 'bot-flows/language/vi.yaml'));
  return cached;
}
