import type { AdapterFactory } from '../adapter.js';
import { ZaloAdapter } from './adapter.js';
import { ZaloBotClient } from './client.js';
import { ZaloChannelSender, zaloLimits } from './sender.js';

/** The Zalo Bot Platform, when ZALO_BOT_TOKEN is set. */
export const zaloBotChannel: AdapterFactory = ({ config, inbox, log, testChatPace }) => {
  const z = config.zalo;
  if (!z.botToken) return undefined;
  const client = new ZaloBotClient(z.botToken, z.apiRoot);
  const limits = zaloLimits({ perSecond: z.maxMessagesPerSecond, chatPerSecond: testChatPace?.perSecond, chatBurst: testChatPace?.burst });
  return new ZaloAdapter(client, new ZaloChannelSender(client, limits), { webhookUrl: z.webhookUrl, webhookSecret: z.webhookSecret }, inbox, log);
};
