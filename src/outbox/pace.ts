/**
 * A sending limit for one scope (a channel overall, one chat): never more than `count`
 * messages in any sliding `perMs`, spread evenly (one every perMs/count), of which at most
 * `burst` may go back to back.
 */
export type Pace = { count: number; perMs: number; burst: number };

/**
 * Enforces a Pace exactly, on the times it is given (the injected clock): a ring of the last
 * `count` send times for the sliding window, and a virtual schedule (GCRA) for the spacing.
 * `factor` (0 < factor ≤ 1) runs it slower, after the platform said "too many requests".
 */
export class Pacer {
  private readonly times: number[] = [];
  private next = 0;
  /** When the evenly spread schedule is next free (GCRA's theoretical arrival time). */
  private tat = -Infinity;
  private last = -Infinity;

  constructor(readonly pace: Pace) {}

  /** Milliseconds until `calls` more may go (0: now). */
  waitMs(now: number, calls = 1, factor = 1): number {
    const { count, perMs } = this.scaled(factor);
    const interval = perMs / count;
    const tolerance = (Math.min(this.pace.burst, count) - 1) * interval;
    let wait = Math.max(0, this.tat - tolerance - now);
    // The sliding window: the `count - calls + 1`-th most recent send must have left it.
    const k = count - Math.min(calls, count) + 1;
    if (k <= this.times.length) wait = Math.max(wait, this.recent(k) + perMs - now);
    return wait;
  }

  record(now: number, calls = 1, factor = 1): void {
    const { count, perMs } = this.scaled(factor);
    this.tat = Math.max(this.tat, now) + (perMs / count) * calls;
    this.last = now;
    for (let i = 0; i < calls; i++) {
      if (this.times.length < this.pace.count) this.times.push(now);
      else this.times[this.next] = now;
      this.next = (this.next + 1) % this.pace.count;
    }
  }

  /** From then on this pacer remembers nothing that could hold a send back. */
  idleAt(): number {
    return Math.max(this.last + this.pace.perMs, this.tat);
  }

  /** The k-th most recent send time (k = 1: the last one). */
  private recent(k: number): number {
    const n = this.times.length;
    const newest = n < this.pace.count ? n - 1 : (this.next - 1 + n) % n;
    return this.times[(newest - (k - 1) + n * k) % n]!;
  }

  private scaled(factor: number): { count: number; perMs: number } {
    if (factor >= 1) return this.pace;
    return { count: Math.max(1, Math.floor(this.pace.count * factor)), perMs: this.pace.perMs };
  }
}
