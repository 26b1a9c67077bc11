import type { Clock } from './clock.js';

export type FailureLimiterOptions = {
  /** Failures allowed per key within one window. */
  maxFailures: number;
  windowMs: number;
  clock: Clock;
  /** Keys kept at most; the oldest windows are dropped first. */
  maxKeys?: number;
};

type Window = { startedAt: number; failures: number };

/**
 * Counts failures (wrong tokens, wrong passwords) per key, e.g. a client address, in fixed
 * windows. Past `maxFailures` the key is refused until its window ends. In memory, per process.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;

  constructor(private readonly opts: FailureLimiterOptions) {
    this.maxKeys = opts.maxKeys ?? 50_000;
  }

  /** Seconds until this key may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const w = this.current(key);
    if (!w || w.failures < this.opts.maxFailures) return 0;
    return Math.max(1, Math.ceil((w.startedAt + this.opts.windowMs - this.opts.clock.now().getTime()) / 1000));
  }

  /** Records one failure; `nowBlocked` is true exactly once per burst, when the key crosses the limit. */
  fail(key: string): { nowBlocked: boolean } {
    let w = this.current(key);
    if (!w) {
      if (this.windows.size >= this.maxKeys) this.evict();
      w = { startedAt: this.opts.clock.now().getTime(), failures: 0 };
      this.windows.set(key, w);
    }
    w.failures++;
    return { nowBlocked: w.failures === this.opts.maxFailures };
  }

  private current(key: string): Window | undefined {
    const w = this.windows.get(key);
    if (w && this.opts.clock.now().getTime() - w.startedAt >= this.opts.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  /** Drops ended windows, then (if still full) the oldest tenth: Map keeps insertion order. */
  private evict(): void {
    const now = this.opts.clock.now().getTime();
    for (const [key, w] of this.windows) if (now - w.startedAt >= this.opts.windowMs) this.windows.delete(key);
    if (this.windows.size < this.maxKeys) return;
    let drop = Math.ceil(this.maxKeys / 10);
    for (const key of this.windows.keys()) {
      if (drop-- <= 0) break;
      this.windows.delete(key);
    }
  }
}
