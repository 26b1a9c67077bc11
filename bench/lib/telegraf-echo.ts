import { serve, type HttpBindings, type ServerType } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import { closeServer, WEBHOOK_SECRET } from './webhook-server.js';
import type { Target } from './load-protocol.js';

/**
 * The baseline: the smallest useful Telegraf bot (echo), replying with an outgoing
 * `sendMessage` call (webhookReply: false, as Cầu Nối does) to a fake Bot API in the load
 * generator's process, with telegraf's own secret check, served by the same Hono +
 * @hono/node-server stack and path as Cầu Nối. telegraf answers the webhook POST after the
 * reply call returned.
 */
export async function startTelegrafEcho(fake: { apiRoot: string; token: string }, port = 0): Promise<{ target: Target; bot: Telegraf; close(): Promise<void> }> {
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot, webhookReply: false } });
  bot.botInfo = await bot.telegram.getMe(); // what bot.launch() would do; no call per update
  bot.on('text', (ctx) => ctx.reply(ctx.message.text));
  const callback = bot.webhookCallback('/telegram/webhook', { secretToken: WEBHOOK_SECRET });

  const app = new Hono<{ Bindings: HttpBindings }>();
  app.post('/telegram/webhook', async (c) => {
    await callback(c.env.incoming, c.env.outgoing);
    return RESPONSE_ALREADY_SENT;
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
  return {
    bot,
    target: { url, headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } },
    async close() {
      await closeServer(server);
    },
  };
}
