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
