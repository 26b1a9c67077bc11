/** Time-zone aware helpers. Instants are UTC; people read them in APP_TIMEZONE. */

const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };

const partFormatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    partFormatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'),
  };
}

/** Offset of the zone from UTC at that instant, in ms. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which the wall clock in timeZone shows the given local time. */
export function fromLocal(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  let result = guess - zoneOffsetMs(new Date(guess), timeZone);
  // A second pass settles zones whose offset changes near the guess (DST).
  result = guess - zoneOffsetMs(new Date(result), timeZone);
  return new Date(result);
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads a time staff typed: an ISO instant with zone, or a local "YYYY-MM-DD[ HH:MM]"
 * read in the app's zone (a bare date means the end of the working day, 17:00).
 */
export function parseInstant(input: string, timeZone: string): Date | undefined {
  const s = input.trim();
  if (ISO_WITH_ZONE.test(s)) {
    const d = new Date(s);
    const year = d.getUTCFullYear();
    return Number.isNaN(d.getTime()) || year < 2000 || year > 2100 ? undefined : d;
  }
  const m = LOCAL_DATE_TIME.exec(s);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] === undefined ? 17 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Plans are dated in this century; Date.UTC would also read 0–99 as 1900–1999.
  if (year < 2000 || year > 2100) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const d = fromLocal(timeZone, year, month, day, hour, minute, second);
  const back = localParts(d, timeZone);
  if (back.day !== day || back.month !== month) return undefined; // 31/02 and the like
  return d;
}

/** "17:00 ngày 23/5/2026" */
export function formatVnDateTime(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)} ngày ${p.day}/${p.month}/${p.year}`;
}

/** "23/5/2026" */
export function formatVnDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** ISO 8601 with the zone's offset, e.g. "2026-05-23T17:00:00+07:00". */
export function formatLocalIso(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const off = Math.round(zoneOffsetMs(instant, timeZone) / MINUTE);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The first instant of the next local day: where "today" ends in that zone. */
export function nextLocalMidnight(instant: Date, timeZone: string): Date {
  const p = localParts(instant, timeZone);
  return fromLocal(timeZone, p.year, p.month, p.day + 1);
}

/** Whole local calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  const a = localParts(from, timeZone);
  const b = localParts(to, timeZone);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
