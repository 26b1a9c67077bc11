import { performance } from 'node:perf_hooks';

export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "< 1000 ms". */
  target: string;
  pass: boolean;
};

/** What the runner needs to know before it starts a benchmark file. */
export type BenchMeta = {
  /** Left out of the default quick set; run with --all or by name. */
  long?: boolean;
  /** Shown before the run, e.g. "~7 min". */
  estimate: string;
};

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Median and p95 of `runs` timed calls after `warmup` untimed ones, in ms. */
export async function timeRuns(runs: number, warmup: number, once: () => Promise<void>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}
