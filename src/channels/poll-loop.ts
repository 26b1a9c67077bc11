import { abortableSleep } from '../lib/abortable-sleep.js';
import type { Logger } from '../lib/logger.js';

/** How a channel reads a failed poll: poll again at once, wait, or wait long (a refused token). */
export type PollFailure = { pollAgain?: boolean; fatal?: boolean; retryAfterMs?: number; message: string };

export type PollSource = {
  /** Runs once before the first poll (deleting a webhook that would starve polling). */
  prepare(): Promise<void>;
  /** One long poll; stores what it received before it returns. */
  pollOnce(signal: AbortSignal): Promise<void>;
  judge(err: unknown): PollFailure;
};

/**
 * The long-poll loop every polling channel shares: poll until stopped, back off 2, 4 … 30 s
 * after failures (at least 30 s when the platform refuses the token), and stop at any moment
 * by aborting the pending poll.
 */
export class PollLoop {
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly source: PollSource,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.source.prepare();
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.source.pollOnce(signal);
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        const failure = this.source.judge(err);
        if (failure.pollAgain) continue;
        failures++;
        this.log.error({ err, failures }, failure.message);
        const waitMs = failure.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
        await abortableSleep(failure.fatal ? Math.max(waitMs, 30_000) : waitMs, signal);
      }
    }
  }
}
