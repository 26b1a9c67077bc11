/**
 * Progress for long benchmarks: one line on stderr at most every few seconds, with how much
 * is done and an estimate of the time left, so a 7-minute run never looks like a hang.
 */
export class Progress {
  private readonly started = Date.now();
  private lastPrinted = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly everyMs = 5_000,
  ) {
    process.stderr.write(`  ${label}: starting (${total.toLocaleString('en')} to go)\n`);
  }

  /** Call as often as you like; prints only when everyMs has passed since the last line. */
  update(done: number): void {
    const now = Date.now();
    if (now - this.lastPrinted < this.everyMs || done <= 0) return;
    this.lastPrinted = now;
    const elapsed = (now - this.started) / 1000;
    const left = done >= this.total ? 0 : (elapsed / done) * (this.total - done);
    const pct = Math.min(100, Math.floor((done / this.total) * 100));
    process.stderr.write(
      `  ${this.label}: ${done.toLocaleString('en')}/${this.total.toLocaleString('en')} (${pct}%), ${formatDuration(elapsed)} so far, about ${formatDuration(left)} left\n`,
    );
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}
