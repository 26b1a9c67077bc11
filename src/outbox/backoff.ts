/** Exponential backoff with ±30% jitter: 2 s, 4 s, 8 s … capped at 10 minutes. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(600_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.7 + 0.6 * random()));
}
