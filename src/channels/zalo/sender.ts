import { CAPABILITIES } from '../../core/capabilities.js';
import type { OutboundMessage } from '../../core/messages.js';
import { ChannelError, type ChannelSender } from '../../outbox/channel-sender.js';
import { chatPace, overallPace, type ChannelLimits } from '../../outbox/limits.js';
import { PartProgress } from '../part-progress.js';
import { renderPlain } from '../render-plain.js';
import { ZaloApiError, type ZaloBotClient } from './client.js';

export type ZaloLimitOptions = { perSecond: number; chatPerSecond?: number; chatBurst?: number };

/** No numeric limit is published (platforms.md §1.2): ZALO_MAX_MPS overall, about one a second per chat. */
export function zaloLimits(o: ZaloLimitOptions): ChannelLimits {
  const chat = chatPace(o.chatPerSecond ?? 1, o.chatBurst ?? 3);
  return { overall: overallPace(o.perSecond), chat: { private: chat, group: chat } };
}

/** Delivers outbox messages through the Zalo Bot Platform, as the texts renderPlain makes. */
export class ZaloChannelSender implements ChannelSender {
  readonly channel = 'zalo' as const;
  private readonly progress = new PartProgress();

  constructor(
    private readonly client: ZaloBotClient,
    readonly limits: ChannelLimits,
    /** A public address of a stored image (sendPhoto takes a URL only); undefined for other files. */
    private readonly imageUrl: (fileId: number) => string | undefined = () => undefined,
  ) {}

  chatKind(): 'private' {
    return 'private';
  }

  /** The texts, and a photo where the attachment is an image (counted whether or not it turns out to be one). */
  callsFor(message: OutboundMessage): number {
    return renderPlain(message, CAPABILITIES.zalo).length + (message.fileId !== undefined ? 1 : 0);
  }

  /** The texts as renderPlain makes them (the same as the broadcast preview), then an image attachment by its URL. */
  async send(chatId: string, message: OutboundMessage): Promise<{ messageId?: string }> {
    const parts = renderPlain(message, CAPABILITIES.zalo);
    const key = this.callsFor(message) > 1 ? this.progress.key(chatId, message) : undefined;
    let last: string | undefined;
    try {
      const photo = message.fileId !== undefined ? this.imageUrl(message.fileId) : undefined;
      const calls = parts.length + (photo ? 1 : 0);
      for (let i = this.progress.done(key); i < calls; i++) {
        last = (i < parts.length ? await this.client.sendMessage(chatId, parts[i]!) : await this.client.sendPhoto(chatId, photo!)).message_id;
        if (key && i < calls - 1) this.progress.remember(key, i + 1);
      }
    } catch (err) {
      throw toChannelError(err);
    }
    this.progress.finished(key);
    return { messageId: last };
  }
}

/**
 * Zalo's codes as the sender reads them: 429 waits, 401 pauses the channel, 408 and 5xx
 * retry, and 403, which Zalo documents as an internal server error (not "forbidden"), too.
 */
export function toChannelError(err: unknown): ChannelError {
  if (err instanceof ZaloApiError) {
    const code = err.code === 403 ? 500 : err.code;
    return new ChannelError('platform', err.description, code);
  }
  return new ChannelError('network', String((err as Error)?.message ?? err));
}
