import { serve, type HttpBindings, type ServerType } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import { FakeTelegramBotApi } from '../../test/fakes/telegram-bot-api.js';
import { closeServer, WEBHOOK_SECRET } from './caunoi-server.js';
import type { Target } from './load-protocol.js';

/**
 * The baseline: the smallest useful Telegraf bot (echo), answering through the webhook
 * response itself (webhookReply: true, so no outgoing call), with telegraf's own secret check,
 * served by the same Hono + @hono/node-server stack and path as Cầu Nối.
 */
export async function startTelegrafEcho(): Promise<{ target: Target; close(): Promise<void> }> {
  const fake = await FakeTelegramBotApi.start({ recordCalls: false });
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot, webhookReply: true } });
  bot.botInfo = await bot.telegram.getMe(); // what bot.launch() would do; no call per update
  bot.on('text', (ctx) => ctx.reply(ctx.message.text));
  const callback = bot.webhookCallback('/telegram/webhook', { secretToken: WEBHOOK_SECRET });

  const app = new Hono<{ Bindings: HttpBindings }>();
  app.post('/telegram/webhook', async (c) => {
    await callback(c.env.incoming, c.env.outgoing);
    return RESPONSE_ALREADY_SENT;
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    target: { url: `http://127.0.0.1:${port}/telegram/webhook`, headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } },
    async close() {
      await closeServer(server);
      await fake.close();
    },
  };
}
