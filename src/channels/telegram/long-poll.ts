import type { Telegraf } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../lib/logger.js';
import { PollLoop, type PollFailure } from '../poll-loop.js';

/**
 * Our own getUpdates loop on telegraf's API client. Unlike bot.launch(), it stores a batch's
 * updates one by one, in update_id order, before the next call confirms them, and it stops
 * cleanly at any moment (the pending long poll is aborted).
 */
export class LongPoll {
  private offset = 0;
  private readonly loop: PollLoop;

  constructor(
    private readonly bot: Telegraf,
    private readonly accept: (update: Update) => Promise<unknown>,
    log: Logger,
    private readonly timeoutSeconds = 30,
  ) {
    this.loop = new PollLoop({ prepare: () => this.bot.telegram.deleteWebhook().then(() => {}), pollOnce: (signal) => this.pollOnce(signal), judge }, log);
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async pollOnce(signal: AbortSignal): Promise<void> {
    const updates = await this.bot.telegram.callApi(
      'getUpdates',
      { offset: this.offset, timeout: this.timeoutSeconds, allowed_updates: ['message', 'callback_query'] },
      { signal: signal as never },
    );
    // All stored (in one transaction, see Inbox) before the next call confirms them to Telegram.
    await Promise.all(updates.map((update) => this.accept(update)));
    if (updates.length > 0) this.offset = Math.max(...updates.map((u) => u.update_id)) + 1;
  }
}

function judge(err: unknown): PollFailure {
  const retryAfter = err instanceof TelegramError ? err.parameters?.retry_after : undefined;
  const fatal = err instanceof TelegramError && (err.code === 401 || err.code === 409);
  return {
    fatal,
    retryAfterMs: retryAfter ? retryAfter * 1000 : undefined,
    message: fatal ? 'telegram polling refused (check the token or another poller)' : 'telegram polling failed',
  };
}
