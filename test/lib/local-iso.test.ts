import { describe, expect, it } from 'vitest';
import { localIsoFormatter } from '../../src/lib/local-iso.js';
import { formatLocalIso } from '../../src/lib/time.js';

describe('localIsoFormatter', () => {
  it('matches formatLocalIso, across DST changes too', () => {
    for (const tz of ['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      const fast = localIsoFormatter(tz);
      // Every 7 minutes 13 seconds through a year, plus some milliseconds.
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 433_017) {
        const d = new Date(ms);
        if (fast(d) !== formatLocalIso(d, tz)) expect(fast(d)).toBe(formatLocalIso(d, tz));
      }
    }
  });
});
