import type { Telegraf } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import { abortableSleep } from '../../lib/abortable-sleep.js';
import type { Logger } from '../../lib/logger.js';

/**
 * Our own getUpdates loop on telegraf's API client. Unlike bot.launch(), it stores a batch's
 * updates one by one, in update_id order, before the next call confirms them, and it stops
 * cleanly at any moment (the pending long poll is aborted).
 */
export class LongPoll {
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private offset = 0;

  constructor(
    private readonly bot: Telegraf,
    private readonly accept: (update: Update) => void,
    private readonly log: Logger,
    private readonly timeoutSeconds = 30,
  ) {}

  async start(): Promise<void> {
    await this.bot.telegram.deleteWebhook();
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(controller.signal);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const updates = await this.bot.telegram.callApi(
          'getUpdates',
          { offset: this.offset, timeout: this.timeoutSeconds, allowed_updates: ['message', 'callback_query'] },
          { signal: signal as never },
        );
        for (const update of updates) {
          this.accept(update);
          this.offset = update.update_id + 1;
        }
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        const retryAfter = err instanceof TelegramError ? err.parameters?.retry_after : undefined;
        const fatal = err instanceof TelegramError && (err.code === 401 || err.code === 409);
        this.log.error({ err, failures }, fatal ? 'telegram polling refused (check the token or another poller)' : 'telegram polling failed');
        const waitMs = retryAfter ? retryAfter * 1000 : Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
        await abortableSleep(fatal ? Math.max(waitMs, 30_000) : waitMs, signal);
      }
    }
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }
}
