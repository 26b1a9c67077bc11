import { fromLocal, localParts } from '../lib/time.js';

/** A nightly window (local time) in which no reminder is sent, e.g. 21:00–07:00. */
export type QuietHours = { startMinute: number; endMinute: number };

/** Reads "HH:MM-HH:MM" (QUIET_HOURS). Equal ends mean "never quiet". */
export function parseQuietHours(spec: string): QuietHours {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(spec.trim());
  if (!m) throw new Error(`quiet hours: "${spec}" is not HH:MM-HH:MM`);
  const [sh, sm, eh, em] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (sh > 23 || eh > 23 || sm > 59 || em > 59) throw new Error(`quiet hours: "${spec}" is not a time of day`);
  return { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
}

export function isQuiet(qh: QuietHours, at: Date, timeZone: string): boolean {
  if (qh.startMinute === qh.endMinute) return false;
  const p = localParts(at, timeZone);
  const m = p.hour * 60 + p.minute;
  return qh.startMinute < qh.endMinute
    ? m >= qh.startMinute && m < qh.endMinute
    : m >= qh.startMinute || m < qh.endMinute; // the window wraps midnight
}

/** When the quiet window containing `at` ends (the next local end time after `at`). */
export function quietEnd(qh: QuietHours, at: Date, timeZone: string): Date {
  const p = localParts(at, timeZone);
  const h = Math.floor(qh.endMinute / 60);
  const min = qh.endMinute % 60;
  const today = fromLocal(timeZone, p.year, p.month, p.day, h, min);
  if (today.getTime() > at.getTime()) return today;
  // Tomorrow's end: step by calendar day in UTC, then read back as a local date.
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  return fromLocal(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), h, min);
}
