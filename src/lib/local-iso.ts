import { zoneOffsetMs } from './time.js';

const BUCKET_MS = 15 * 60_000;

/**
 * formatLocalIso for many instants at once (a status list of 5,000 units): asks Intl for the
 * zone offset once per quarter hour seen — zone offsets only ever change on quarter hours —
 * and does the rest with arithmetic. Same output as formatLocalIso, ~100× faster.
 */
export function localIsoFormatter(timeZone: string): (instant: Date) => string {
  const offsets = new Map<number, number>();
  return (instant) => {
    const ms = instant.getTime();
    const bucket = Math.floor(ms / BUCKET_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = zoneOffsetMs(new Date(bucket * BUCKET_MS), timeZone);
      offsets.set(bucket, offset);
    }
    const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
    const minutes = Math.round(offset / 60_000);
    const abs = Math.abs(minutes);
    return (
      `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
      `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
      `${minutes >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
    );
  };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Instants as the wall clock of the zone, as a Date whose UTC fields read the local time
 * (spreadsheets have no zones: 17:00 in Vietnam must stay 17:00 in Excel). Offsets cached per
 * quarter hour, like localIsoFormatter.
 */
export function wallClock(timeZone: string): (instant: Date) => Date {
  const offsets = new Map<number, number>();
  return (instant) => {
    const bucket = Math.floor(instant.getTime() / BUCKET_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) offsets.set(bucket, (offset = zoneOffsetMs(new Date(bucket * BUCKET_MS), timeZone)));
    return new Date(instant.getTime() + offset);
  };
}

/** formatVnDateTime ("17:00 ngày 23/5/2026") for thousands of instants: a page of 2,000 units. */
export function vnDateTimeFormatter(timeZone: string): (instant: Date) => string {
  const local = wallClock(timeZone);
  return (instant) => {
    const d = local(instant);
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ngày ${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
  };
}
