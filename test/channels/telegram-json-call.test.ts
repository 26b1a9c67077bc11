import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf, TelegramError } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonCaller } from '../../src/channels/telegram/json-call.js';
import { FakeTelegramBotApi } from '../fakes/telegram-bot-api.js';

let fake: FakeTelegramBotApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const botAt = (apiRoot: string, token = '123456:SECRET-TOKEN') => new Telegraf(token, { telegram: { apiRoot } });

describe('sendMessage without telegraf’s client', () => {
  it('delivers the message and returns the Bot API result', async () => {
    fake = await FakeTelegramBotApi.start();
    const call = jsonCaller(botAt(fake.apiRoot, fake.token));
    const sent = await call<{ message_id: number; text: string }>('sendMessage', { chat_id: '42', text: 'Xin chào' });
    expect(sent.text).toBe('Xin chào');
    expect(fake.sentMessages(42).map((m) => m.text)).toEqual(['Xin chào']);
  });

  it('a refusal is telegraf’s TelegramError with the code and retry_after', async () => {
    fake = await FakeTelegramBotApi.start();
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 3', retry_after: 3 });
    const call = jsonCaller(botAt(fake.apiRoot, fake.token));
    const err = await call('sendMessage', { chat_id: '42', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramError);
    expect(err).toMatchObject({ code: 429, parameters: { retry_after: 3 } });
  });

  it('a network failure or a broken answer names the method, never the token', async () => {
    const listen = async (handler: Parameters<typeof createServer>[1]) => {
      const server = createServer(handler);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return { server, root: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    };
    const proxy = await listen((_req, res) => res.end('<html>proxy error</html>'));
    const gone = await listen(() => {});
    await new Promise<void>((r) => gone.server.close(() => r()));
    const broken = await jsonCaller(botAt(proxy.root))('sendMessage', { chat_id: '1', text: 'x' }).catch((e: Error) => e);
    const refused = await jsonCaller(botAt(gone.root))('sendMessage', { chat_id: '1', text: 'x' }).catch((e: Error) => e);
    proxy.server.closeAllConnections();
    await new Promise<void>((r) => proxy.server.close(() => r()));
    expect((broken as Error).message).toBe('telegram sendMessage: the answer was not JSON (HTTP 200)');
    expect((refused as Error).message).toBe('telegram sendMessage: ECONNREFUSED');
    for (const e of [broken, refused]) expect(String((e as Error).stack)).not.toContain('SECRET-TOKEN');
  });
});
