import { abortableSleep } from '../../lib/abortable-sleep.js';
import type { Logger } from '../../lib/logger.js';
import { ZaloApiError, type ZaloBotClient } from './client.js';
import type { ZaloUpdate } from './types.js';

/**
 * getUpdates returns one update per call and has no offset: an update counts as delivered
 * once returned, so each is stored (accept) before the next call. A registered webhook
 * silently starves polling, so the loop deletes it first. 408 is "nothing came": poll again.
 */
export class ZaloLongPoll {
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly client: ZaloBotClient,
    private readonly accept: (update: ZaloUpdate) => void,
    private readonly log: Logger,
    private readonly timeoutSeconds = 30,
  ) {}

  async start(): Promise<void> {
    await this.client.deleteWebhook();
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(controller.signal);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const update = await this.client.getUpdates(this.timeoutSeconds, signal);
        failures = 0;
        this.accept(update);
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ZaloApiError && err.code === 408) continue;
        failures++;
        const fatal = err instanceof ZaloApiError && err.code === 401;
        this.log.error({ err, failures }, fatal ? 'zalo polling refused (check ZALO_BOT_TOKEN)' : 'zalo polling failed');
        const waitMs = Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
        await abortableSleep(fatal ? Math.max(waitMs, 30_000) : waitMs, signal);
      }
    }
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }
}

