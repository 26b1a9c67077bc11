import { chatPace, overallPace, type ChannelLimits } from '../../outbox/limits.js';
import type { Pace } from '../../outbox/pace.js';

export type TelegramLimitOptions = {
  /** TELEGRAM_MAX_MPS: the bot's total (Telegram allows about 30 a second). */
  perSecond: number;
  /** To one private chat: about one a second, with a short burst (default 1 and 3). */
  chatPerSecond?: number;
  chatBurst?: number;
  /** A group's pace instead of Telegram's 20 a minute (tests). */
  group?: Pace;
};

/** A group takes at most 20 messages a minute (platforms.md §3.1): 3 at once, then one every 3 s. */
const GROUP: Pace = { count: 20, perMs: 60_000, burst: 3 };

/** Telegram's flood limits as the sender keeps them. */
export function telegramLimits(o: TelegramLimitOptions): ChannelLimits {
  return {
    overall: overallPace(o.perSecond),
    chat: { private: chatPace(o.chatPerSecond ?? 1, o.chatBurst ?? 3), group: o.group ?? GROUP },
  };
}

/** Group and channel chat ids are negative; people's private chats positive. */
export const telegramChatKind = (chatId: string) => (chatId.startsWith('-') ? 'group' : 'private');
