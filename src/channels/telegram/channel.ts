import { chatPace } from '../../outbox/limits.js';
import type { AdapterFactory } from '../adapter.js';
import { TelegramAdapter } from './adapter.js';
import { telegramLimits } from './limits.js';
import { TelegramChannelSender } from './sender.js';

/** Telegram, when TELEGRAM_BOT_TOKEN is set. */
export const telegramChannel: AdapterFactory = ({ config, db, log, inbox, testChatPace }) => {
  const t = config.telegram;
  if (!t.botToken) return undefined;
  const limits = telegramLimits({
    perSecond: t.maxMessagesPerSecond,
    chatPerSecond: testChatPace?.perSecond,
    chatBurst: testChatPace?.burst,
    group: testChatPace ? chatPace(testChatPace.perSecond, testChatPace.burst) : undefined,
  });
  return new TelegramAdapter(
    { token: t.botToken, apiRoot: t.apiRoot, webhookUrl: t.webhookUrl, webhookSecret: t.webhookSecret, staffChatId: t.staffChatId },
    inbox,
    log,
    (bot) => new TelegramChannelSender(bot, () => ({ db, filesDir: config.filesDir }), { limits, log }),
  );
};
