import { offsetToMs, sortOffsets } from '../lib/offsets.js';
import { DAY, HOUR } from '../lib/time.js';

/** While a unit is late, remind again every 3 days after the last configured offset… */
export const REPEAT_EVERY_MS = 3 * DAY;
/** …until 30 days past the due time. */
export const REPEAT_UNTIL_MS = 30 * DAY;

export type PlannedOffset = { offset: string; ms: number };

/** "+4d", "+30h", "+90m": a generated offset written in the largest whole unit. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  if (abs % DAY === 0) return `${sign}${abs / DAY}d`;
  if (abs % HOUR === 0) return `${sign}${abs / HOUR}h`;
  return `${sign}${Math.round(abs / 60_000)}m`;
}

/**
 * Every reminder of a requirement, earliest first: its configured offsets, then past-due
 * repeats every REPEAT_EVERY_MS after the last non-negative one, up to REPEAT_UNTIL_MS.
 * E.g. [-7d,-3d,-1d,0d,+1d] → …, +1d, +4d, +7d, …, +28d.
 */
export function reminderSchedule(offsets: string[]): PlannedOffset[] {
  const planned = sortOffsets(offsets).map((offset) => ({ offset, ms: offsetToMs(offset) }));
  const last = Math.max(0, ...planned.map((p) => p.ms));
  for (let ms = last + REPEAT_EVERY_MS; ms <= REPEAT_UNTIL_MS; ms += REPEAT_EVERY_MS) {
    planned.push({ offset: formatOffset(ms), ms });
  }
  return planned;
}

export type DueOffsets = {
  /** The most recent reminder whose time has come: the only one worth sending now. */
  latest: PlannedOffset;
  /** Earlier reminders also in the past; never sent late (they would flood people). */
  older: PlannedOffset[];
};

/** Which reminders of a schedule are due at `now`; undefined when none is. */
export function dueOffsets(schedule: PlannedOffset[], dueAt: Date, now: Date): DueOffsets | undefined {
  const passed = schedule.filter((p) => dueAt.getTime() + p.ms <= now.getTime());
  const latest = passed.at(-1);
  return latest && { latest, older: passed.slice(0, -1) };
}
