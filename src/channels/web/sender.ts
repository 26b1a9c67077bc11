import type { OutboundMessage } from '../../core/messages.js';
import type { ChannelSender } from '../../outbox/channel-sender.js';
import type { ChannelLimits } from '../../outbox/limits.js';

/** Nothing leaves the process: no platform to protect. */
const UNLIMITED = { count: 1000, perMs: 1000, burst: 1000 };

/**
 * The web simulator's channel: nothing leaves the process. The page reads what the bot said
 * from the contact's timeline, which the outbox wrote when the reply was queued.
 */
export class WebChannelSender implements ChannelSender {
  readonly channel = 'web' as const;
  readonly limits: ChannelLimits = { overall: UNLIMITED, chat: { private: UNLIMITED, group: UNLIMITED } };
  chatKind(): 'private' {
    return 'private';
  }
  callsFor(): number {
    return 1;
  }
  async send(_chatId: string, _message: OutboundMessage): Promise<{ messageId?: string }> {
    return {};
  }
}
