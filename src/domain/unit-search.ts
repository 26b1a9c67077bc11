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

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SHORT = ABBREVIATIONS.map(([short, long]) => ({ re: new RegExp(`(^|[^a-z0-9&])${escapeRe(short)}($|[^a-z0-9&])`), long }));
const LONG = ABBREVIATIONS.map(([short, long]) => ({ long, short }));

/** The `search_text` column: folded code + name, plus the other form of any abbreviation found. */
export function unitSearchText(code: string, name: string): string {
  const folded = foldVietnamese(`${code} ${name}`);
  const extra = new Set<string>();
  for (let i = 0; i < ABBREVIATIONS.length; i++) {
    if (SHORT[i]!.re.test(folded)) extra.add(SHORT[i]!.long);
    if (folded.includes(LONG[i]!.long)) extra.add(LONG[i]!.short);
  }
  return extra.size === 0 ? folded : `${folded} | ${[...extra].join(' | ')}`;
}

/** Words of a search; each must occur somewhere in `search_text` (in any order). */
export function searchTokens(q: string): string[] {
  return foldVietnamese(q)
    .split(/[\s,;/()]+/)
    .filter((w) => w.length > 0)
    .slice(0, 12);
}
