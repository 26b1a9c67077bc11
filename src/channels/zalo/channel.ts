import { DomainError } from '../../core/errors.js';
import { systemActor, type Ctx } from '../../domain/context.js';
import { shareImage } from '../../domain/shared-images.js';
import type { AdapterFactory } from '../adapter.js';
import { ZaloAdapter } from './adapter.js';
import { ZaloBotClient } from './client.js';
import { ZaloChannelSender, zaloLimits } from './sender.js';

/** The Zalo Bot Platform, when ZALO_BOT_TOKEN is set. */
export const zaloBotChannel: AdapterFactory = ({ config, db, clock, inbox, log, testChatPace }) => {
  const z = config.zalo;
  if (!z.botToken) return undefined;
  const client = new ZaloBotClient(z.botToken, z.apiRoot);
  const limits = zaloLimits({ perSecond: z.maxMessagesPerSecond, chatPerSecond: testChatPace?.perSecond, chatBurst: testChatPace?.burst });
  const ctx: Ctx = { db, clock, log, actor: systemActor('zalo'), timeZone: config.timeZone, filesDir: config.filesDir };
  const imageUrl = (fileId: number) => {
    try {
      const token = shareImage(ctx, fileId);
      return token && `${config.publicBaseUrl}/anh/${token}`;
    } catch (err) {
      if (err instanceof DomainError) return undefined; // the file is gone: the texts still go
      throw err;
    }
  };
  return new ZaloAdapter(client, new ZaloChannelSender(client, limits, imageUrl), { webhookUrl: z.webhookUrl, webhookSecret: z.webhookSecret }, inbox, log);
};
