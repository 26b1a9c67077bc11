import type { Logger } from '../../lib/logger.js';
import { PollLoop, type PollFailure } from '../poll-loop.js';
import { ZaloApiError, type ZaloBotClient } from './client.js';
import type { ZaloUpdate } from './types.js';

/**
 * getUpdates returns one update per call and has no offset: an update counts as delivered
 * once returned, so each is stored (accept) before the next call. A registered webhook
 * silently starves polling, so the loop deletes it first. 408 is "nothing came": poll again.
 */
export class ZaloLongPoll {
  private readonly loop: PollLoop;

  constructor(
    private readonly client: ZaloBotClient,
    private readonly accept: (update: ZaloUpdate) => Promise<unknown>,
    log: Logger,
    private readonly timeoutSeconds = 30,
  ) {
    this.loop = new PollLoop(
      {
        prepare: () => this.client.deleteWebhook().then(() => {}),
        pollOnce: async (signal) => void (await this.accept(await this.client.getUpdates(this.timeoutSeconds, signal))),
        judge,
      },
      log,
    );
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}

function judge(err: unknown): PollFailure {
  if (err instanceof ZaloApiError && err.code === 408) return { pollAgain: true, message: 'no update' };
  const fatal = err instanceof ZaloApiError && err.code === 401;
  return { fatal, message: fatal ? 'zalo polling refused (check ZALO_BOT_TOKEN)' : 'zalo polling failed' };
}
