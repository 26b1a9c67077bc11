import { localParts } from '../../lib/time.js';
import { foldVietnamese } from '../../lib/text.js';

/** A calendar date (no time), as people type it: "23/5/2026", "23-5", "hôm nay", "2026-05-23". */
export type CalendarDate = { year: number; month: number; day: number };

export type DateReading = { kind: 'date'; date: CalendarDate } | { kind: 'unreadable' } | { kind: 'not_real'; text: string };

const DAY_MS = 86_400_000;

export function todayIn(timeZone: string, now: Date): CalendarDate {
  const p = localParts(now, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

export function readDate(input: string, timeZone: string, now: Date): DateReading {
  const today = todayIn(timeZone, now);
  const s = foldVietnamese(input).replace(/[.,!]+$/, '').trim();
  if (/^(hom nay|homnay|hnay|bay gio)$/.test(s)) return { kind: 'date', date: today };
  if (/^(hom qua|homqua|hqua)$/.test(s)) return { kind: 'date', date: addDays(today, -1) };
  if (/^(hom kia|homkia)$/.test(s)) return { kind: 'date', date: addDays(today, -2) };
  if (/^(ngay mai|mai)$/.test(s)) return { kind: 'date', date: addDays(today, 1) };

  const text = s.replace(/^ngay\s*/, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?$/.exec(text);
  if (m) return checked(fullYear(m[3], today.year), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s*thang\s*(\d{1,2})(?:\s*(?:nam\s*)?(\d{4}))?$/.exec(text);
  if (m) return checked(fullYear(m[3], today.year), Number(m[2]), Number(m[1]));
  return { kind: 'unreadable' };
}

function fullYear(y: string | undefined, current: number): number {
  if (y === undefined) return current;
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

function checked(year: number, month: number, day: number): DateReading {
  const date = { year, month, day };
  return isReal(date) ? { kind: 'date', date } : { kind: 'not_real', text: formatVnCalendarDate(date) };
}

export function isReal(d: CalendarDate): boolean {
  if (d.year < 1900 || d.year > 2200) return false;
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCFullYear() === d.year && t.getUTCMonth() === d.month - 1 && t.getUTCDate() === d.day;
}

export function addDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function toIsoDate(d: CalendarDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function fromIsoDate(s: string): CalendarDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isReal(d) ? d : undefined;
}

/** "23/5/2026" */
export function formatVnCalendarDate(d: CalendarDate): string {
  return `${d.day}/${d.month}/${d.year}`;
}
