import { foldVietnamese } from '../lib/text.js';

/**
 * Abbreviations every unit name in the sector uses, both ways round, so that
 * "phong giao duc chau doc" finds "Phòng GDĐT Châu Đốc" and "gddt" finds the spelled-out name.
 * Folded (lower-case, no diacritics); the short form is matched as a whole word.
 */
const ABBREVIATIONS: [short: string, long: string][] = [
  ['gddt', 'giao duc va dao tao'],
  ['gd&dt', 'giao duc va dao tao'],
  ['gd-dt', 'giao duc va dao tao'],
  ['gdnn', 'giao duc nghe nghiep'],
  ['gdtx', 'giao duc thuong xuyen'],
  ['gdkt', 'giao duc ky thuat'],
  ['thpt', 'trung hoc pho thong'],
  ['thcs', 'trung hoc co so'],
  ['th', 'tieu hoc'],
  ['mn', 'mam non'],
  ['ptdtnt', 'pho thong dan toc noi tru'],
  ['ptdtbt', 'pho thong dan toc ban tru'],
  ['dtnt', 'dan toc noi tru'],
  ['ubnd', 'uy ban nhan dan'],
  ['tp', 'thanh pho'],
  ['tx', 'thi xa'],
  ['tt', 'trung tam'],
];

const LONG_FORMS = ABBREVIATIONS.map(([short, long]) => ({ short, long }));
const SHORT_FORMS = new Map<string, string>();
for (const [short, long] of ABBREVIATIONS) SHORT_FORMS.set(short, long);

/** The `search_text` column: folded code + name, plus the other form of any abbreviation found. */
export function unitSearchText(code: string, name: string): string {
  const folded = foldVietnamese(`${code} ${name}`);
  const extra = new Set<string>();
  // Whole words only ("th" must not fire inside "thpt"); "gd-dt" and "gdnn-gdtx" count as one word and as their parts.
  for (const word of folded.split(/[^a-z0-9&-]+/)) {
    const long = SHORT_FORMS.get(word);
    if (long) extra.add(long);
    if (word.includes('-')) {
      for (const part of word.split('-')) {
        const partLong = SHORT_FORMS.get(part);
        if (partLong) extra.add(partLong);
      }
    }
  }
  for (const { short, long } of LONG_FORMS) if (folded.includes(long)) extra.add(short);
  return extra.size === 0 ? folded : `${folded} | ${[...extra].join(' | ')}`;
}

/** Words of a search; each must occur somewhere in `search_text` (in any order). */
export function searchTokens(q: string): string[] {
  return foldVietnamese(q)
    .split(/[\s,;/()]+/)
    .filter((w) => w.length > 0)
    .slice(0, 12);
}
