import type { OutboundMessage } from '../../conversation/messages.js';
import type { ChannelSender } from '../../outbox/channel-sender.js';

/**
 * The web simulator's channel: nothing leaves the process. The page reads what the bot said
 * from the contact's timeline, which the outbox wrote when the reply was queued.
 */
export class WebChannelSender implements ChannelSender {
  readonly channel = 'web' as const;
  async send(_chatId: string, _message: OutboundMessage): Promise<{ messageId?: string }> {
    return {};
  }
}
