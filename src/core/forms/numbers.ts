/**
 * Numbers as Vietnamese people type them on a phone: "1.200" and "1,200" are twelve hundred
 * ("." is the usual thousands separator), "1,5" is one and a half, "12 hoạt động" is 12.
 */

export type NumberReading =
  | { kind: 'number'; value: number }
  | { kind: 'none' }
  | { kind: 'several' }
  | { kind: 'negative'; value: number };

const TOKEN = /([-\u2212]?)(\d+(?:[.,]\d+)*)/g;
const SPACED_THOUSANDS = /^\d{1,3}(?: \d{3})+$/;

/** Finds the one number in a short answer; more than one is ambiguous. */
export function readNumber(input: string): NumberReading {
  const s = input.trim();
  if (SPACED_THOUSANDS.test(s)) return { kind: 'number', value: Number(s.replace(/ /g, '')) };
  const tokens = [...s.matchAll(TOKEN)];
  if (tokens.length === 0) return { kind: 'none' };
  if (tokens.length > 1) return { kind: 'several' };
  const token = tokens[0]!;
  const value = numberFromDigits(token[2]!);
  if (value === undefined) return { kind: 'none' };
  const at = token.index ?? 0;
  // "-5" or "giảm -5" is negative; the "-" in "10-12" is a range and caught as "several" above.
  const negative = token[1] !== '' && (at === 0 || /\s/.test(s[at - 1] ?? ''));
  return negative ? { kind: 'negative', value: -value } : { kind: 'number', value };
}

/** "1.200" → 1200, "1,200" → 1200, "1.200,5" → 1200.5, "1,5" → 1.5, "0.75" → 0.75. */
export function numberFromDigits(digits: string): number | undefined {
  const dots = count(digits, '.');
  const commas = count(digits, ',');
  if (dots === 0 && commas === 0) return Number(digits);
  if (dots > 0 && commas > 0) {
    // Both present: the later one is the decimal mark, the other groups thousands.
    const decimalMark = digits.lastIndexOf('.') > digits.lastIndexOf(',') ? '.' : ',';
    const thousands = decimalMark === '.' ? ',' : '.';
    const [whole, fraction, ...rest] = digits.split(decimalMark);
    if (rest.length || !whole || !fraction || fraction.includes(thousands) || !isGrouped(whole, thousands)) return undefined;
    return Number(`${whole.split(thousands).join('')}.${fraction}`);
  }
  const mark = dots > 0 ? '.' : ',';
  if (count(digits, mark) > 1) return isGrouped(digits, mark) ? Number(digits.split(mark).join('')) : undefined;
  const [whole, fraction] = digits.split(mark) as [string, string];
  // One mark followed by exactly three digits groups thousands, as Vietnamese write "1.200".
  if (fraction.length === 3 && whole.length <= 3 && !/^0/.test(whole)) return Number(whole + fraction);
  return Number(`${whole}.${fraction}`);
}

function isGrouped(s: string, mark: string): boolean {
  const groups = s.split(mark);
  return /^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

/** 1200 → "1.200", 1.5 → "1,5": how a Vietnamese reader expects numbers. */
export function formatNumberVi(n: number): string {
  const negative = n < 0;
  const [whole, fraction] = Math.abs(n).toString().split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}
