/**
 * A sending limit for one scope (a channel overall, one chat): never more than `count`
 * messages in any sliding `perMs`, spread evenly (one every perMs/count), of which at most
 * `burst` may go back to back.
 */
export type Pace = { count: number; perMs: number; burst: number };

/**
 * Enforces a Pace exactly, as the platform sees it: a call counts in the sliding window from
 * the moment it starts until `perMs` after its answer came back, so however late a request
 * reaches the platform (a slow network, a stalled process on either side), every window the
 * platform can count holds at most `count`. A virtual schedule (GCRA) spaces the starts.
 * `factor` (0 < factor ≤ 1) runs it slower, after the platform said "too many requests".
 */
export class Pacer {
  /** Answer times of the last `count` calls (a ring in the order they ended; `size` of them are current). */
  private readonly ended: number[] = [];
  private size = 0;
  private next = 0;
  private inFlight = 0;
  /** When the evenly spread schedule is next free (GCRA's theoretical arrival time). */
  private tat = -Infinity;
  private lastEnd = -Infinity;

  constructor(readonly pace: Pace) {}

  /** Remembers nothing again (a pacer is reused for another chat rather than left to the collector). */
  reset(): void {
    this.size = this.next = this.inFlight = 0;
    this.tat = this.lastEnd = -Infinity;
  }

  /** Milliseconds until `calls` more may start (0: now; Infinity: not before calls in flight end). */
  waitMs(now: number, calls = 1, factor = 1): number {
    const { count, perMs } = this.scaled(factor);
    const interval = perMs / count;
    const tolerance = (Math.min(this.pace.burst, count) - 1) * interval;
    const spacing = Math.max(0, this.tat - tolerance - now);
    // Room for `calls` more: the one that ended `count - inFlight - calls + 1` ends ago must have left the window.
    const k = count - this.inFlight - Math.min(calls, count) + 1;
    if (k <= 0) return this.inFlight > 0 ? Infinity : spacing;
    if (k > this.size) return spacing;
    return Math.max(spacing, this.recent(k) + perMs - now);
  }

  /** `calls` start now: they count from now on. */
  start(now: number, calls = 1, factor = 1): void {
    const { count, perMs } = this.scaled(factor);
    this.tat = Math.max(this.tat, now) + (perMs / count) * calls;
    this.inFlight += calls;
  }

  /** Their answers came back (success or not): they count for another `perMs`. */
  end(now: number, calls = 1): void {
    this.inFlight = Math.max(0, this.inFlight - calls);
    this.lastEnd = now;
    for (let i = 0; i < calls; i++) {
      if (this.next < this.ended.length) this.ended[this.next] = now;
      else this.ended.push(now);
      this.next = (this.next + 1) % this.pace.count;
      this.size = Math.min(this.size + 1, this.pace.count);
    }
  }

  /** From then on this pacer remembers nothing that could hold a call back (Infinity while calls are in flight). */
  idleAt(): number {
    return this.inFlight > 0 ? Infinity : Math.max(this.lastEnd + this.pace.perMs, this.tat);
  }

  /** The k-th most recent answer time (k = 1: the last one). */
  private recent(k: number): number {
    const n = this.pace.count;
    return this.ended[(this.next - k + n) % n]!;
  }

  private scaled(factor: number): { count: number; perMs: number } {
    if (factor >= 1) return this.pace;
    return { count: Math.max(1, Math.floor(this.pace.count * factor)), perMs: this.pace.perMs };
  }
}
