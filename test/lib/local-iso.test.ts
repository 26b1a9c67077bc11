import { describe, expect, it } from 'vitest';
import { localIsoFormatter } from '../../src/lib/local-iso.js';
import { formatLocalIso } from '../../src/lib/time.js';

describe('localIsoFormatter', () => {
  it('matches formatLocalIso, across DST changes too', () => {
    for (const tz of ['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      const fast = localIsoFormatter(tz);
      // Every 3 h 7 min through a year (odd step, so every hour of day is hit), plus
      // minute by minute around both 2026 DST changes of the zones that have them.
      const instants: number[] = [];
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 11_220_017) instants.push(ms);
      for (const change of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 3, 4, 15), Date.UTC(2026, 9, 4, 15), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 10, 1, 6)]) {
        for (let ms = change - 90 * 60_000; ms <= change + 90 * 60_000; ms += 60_017) instants.push(ms);
      }
      for (const ms of instants) {
        const d = new Date(ms);
        if (fast(d) !== formatLocalIso(d, tz)) expect(fast(d)).toBe(formatLocalIso(d, tz));
      }
    }
  });
});
