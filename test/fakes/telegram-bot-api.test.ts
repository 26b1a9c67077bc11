import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf, TelegramError } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { FakeTelegramBotApi, type FakeTelegramOptions, type FakeUser } from './telegram-bot-api.js';

const lan: FakeUser = { id: 5_550_001, firstName: 'Lan', username: 'co_lan', languageCode: 'vi' };
const hung: FakeUser = { id: 5_550_002, firstName: 'Hùng' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function startFake(options: FakeTelegramOptions = {}) {
  const fake = await FakeTelegramBotApi.start(options);
  cleanups.push(() => fake.close());
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  return { fake, bot };
}

/** Launches long polling; stopping is registered for cleanup (before the fake closes). */
function launchPolling(bot: Telegraf) {
  const launched = bot.launch();
  cleanups.push(async () => {
    bot.stop('test over');
    await launched;
  });
}

async function expectTelegramError(call: Promise<unknown>): Promise<TelegramError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TelegramError);
  return error as TelegramError;
}

describe('fake Telegram Bot API with long polling', () => {
  it('delivers a /start payload and a text to telegraf and shows the replies', async () => {
    const { fake, bot } = await startFake();
    bot.start((ctx) => ctx.reply(`Mã mời: ${ctx.payload}`));
    bot.on('text', (ctx) => ctx.reply(`Bạn viết: ${ctx.message.text}`));
    launchPolling(bot);

    await fake.userSendsCommand(lan, '/start', 'INV-2020-ND');
    await fake.userSendsText(lan, 'xin chào Sở');

    const replies = await fake.waitForMessages(lan.id, 2);
    expect(replies.map((m) => m.text)).toEqual(['Mã mời: INV-2020-ND', 'Bạn viết: xin chào Sở']);
    expect(fake.lastMessageTo(lan.id)?.message.chat).toMatchObject({ id: lan.id, type: 'private', first_name: 'Lan' });
    expect(fake.sentMessages(hung.id)).toEqual([]);
    expect(fake.calls.map((c) => c.method).slice(0, 3)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
  });

  it('confirms updates by offset, numbers them by one, and ends the pending poll when the bot stops', async () => {
    const { fake, bot } = await startFake({ firstUpdateId: 500 });
    bot.on('message', (ctx) => ctx.reply(`#${ctx.update.update_id}`));
    const launched = bot.launch();
    await fake.userSendsText(lan, 'một');
    await fake.userSendsSticker(lan, { emoji: '🙏' });
    await fake.userSendsPhoto(hung, { caption: 'ảnh biên bản' });
    await fake.waitForMessages(lan.id, 2);
    await fake.waitForMessages(hung.id, 1);
    bot.stop();
    await launched;

    expect(fake.sentMessages().map((m) => m.text).sort()).toEqual(['#500', '#501', '#502']);
    expect(fake.pendingUpdateCount).toBe(0);
    const offsets = fake.callsTo('getUpdates').map((c) => c.params.offset);
    expect(offsets[offsets.length - 1]).toBe(503);
  });

  it('answers 409 to getUpdates while a webhook is set, and 401 to a wrong token', async () => {
    const { fake, bot } = await startFake();
    await bot.telegram.setWebhook('http://127.0.0.1:9/tg');
    const conflict = await expectTelegramError(bot.telegram.getUpdates(0, 100, 0, undefined));
    expect(conflict.code).toBe(409);

    const stranger = new Telegraf('123:wrong-token', { telegram: { apiRoot: fake.apiRoot } });
    expect((await expectTelegramError(stranger.telegram.getMe())).code).toBe(401);
    expect((await expectTelegramError(bot.telegram.callApi('sendPigeon' as 'getMe', {}))).code).toBe(404);
  });
});

describe('fake Telegram Bot API with a webhook', () => {
  /** A tiny node:http server in front of telegraf's webhook handler; `refuse` answers 503. */
  async function webhookServer(bot: Telegraf, secretToken: string) {
    const handler = bot.webhookCallback('/tg', { secretToken });
    const state = { refuse: false };
    const server = http.createServer((req, res) => {
      if (state.refuse) {
        res.statusCode = 503;
        res.end();
        return;
      }
      void handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tg`;
    return { url, state };
  }

  it('posts updates with the secret header; the handler has replied once the push resolves', async () => {
    const { fake, bot } = await startFake();
    bot.on('text', (ctx) => ctx.reply(`Đã nhận: ${ctx.message.text}`));
    const { url } = await webhookServer(bot, 'cau_noi-secret');
    await bot.telegram.setWebhook(url, { secret_token: 'cau_noi-secret' });

    const update = await fake.userSendsText(lan, 'nộp báo cáo');

    expect(fake.sentMessages(lan.id).map((m) => m.text)).toEqual(['Đã nhận: nộp báo cáo']);
    expect(fake.webhookDeliveries).toEqual([expect.objectContaining({ updateId: update.update_id, status: 200, redelivery: false })]);
    expect((await bot.telegram.getWebhookInfo()).url).toBe(url);
  });

  it('keeps an update pending after a refused or unauthenticated delivery and retries it', async () => {
    const { fake, bot } = await startFake();
    bot.on('text', (ctx) => ctx.reply('ok'));
    const { url, state } = await webhookServer(bot, 'right-secret');

    await bot.telegram.setWebhook(url, { secret_token: 'wrong-secret' });
    await fake.userSendsText(lan, 'lần 1');
    expect(fake.webhookDeliveries.map((d) => d.status)).toEqual([403]); // telegraf refuses a wrong secret
    const info = await bot.telegram.getWebhookInfo();
    expect(info.pending_update_count).toBe(1);
    expect(info.last_error_message).toBe('Wrong response from the webhook: 403 Forbidden');

    state.refuse = true;
    await bot.telegram.setWebhook(url, { secret_token: 'right-secret' });
    expect((await fake.flushWebhook()).map((d) => d.status)).toEqual([503]);
    expect(fake.webhookDeliveries.map((d) => d.status)).toEqual([403, 503, 503]); // setWebhook tried at once
    state.refuse = false;
    const retried = await fake.flushWebhook();

    expect(retried.map((d) => d.status)).toEqual([200]);
    expect(fake.sentMessages(lan.id).map((m) => m.text)).toEqual(['ok']);
    expect(fake.pendingUpdateCount).toBe(0);
  });

  it('redelivers an update with the same update_id and runs calls written into the webhook response', async () => {
    const { fake, bot } = await startFake();
    const received: number[] = [];
    bot.on('callback_query', async (ctx) => {
      received.push(ctx.update.update_id);
      await ctx.answerCbQuery('Đã ghi nhận'); // webhookReply: goes back in the HTTP response
    });
    const { url } = await webhookServer(bot, 's');
    await bot.telegram.setWebhook(url, { secret_token: 's' });
    const question = await bot.telegram.sendMessage(lan.id, 'Đơn vị đã nhận kế hoạch?', {
      reply_markup: { inline_keyboard: [[{ text: 'Đã nhận', callback_data: 'ack:KH-12' }]] },
    });

    const press = await fake.userPressesButton(lan, question.message_id, 'ack:KH-12');
    await fake.redeliver(press.update_id);

    expect(received).toEqual([press.update_id, press.update_id]);
    expect(fake.webhookDeliveries.map((d) => d.redelivery)).toEqual([false, true]);
    const answers = fake.callsTo('answerCallbackQuery');
    expect(answers[0]).toMatchObject({ viaWebhookReply: true, params: { text: 'Đã ghi nhận' } });
    expect(answers[0]!.errorCode).toBeUndefined();
    expect(answers[1]!.errorCode).toBe(400); // a query is answered only once
    expect(() => fake.userPressesButton(lan, question.message_id, 'nope')).toThrow(/no button "nope"/);
  });
});

describe('fake Telegram Bot API files', () => {
  it('lets the bot download a document a user sent, through getFileLink', async () => {
    const { fake, bot } = await startFake();
    bot.on('document', async (ctx) => {
      const link = await ctx.telegram.getFileLink(ctx.message.document.file_id);
      const body = await (await fetch(link)).text();
      await ctx.reply(`${ctx.message.document.file_name} (${ctx.message.document.file_size} B): ${body}`);
    });
    launchPolling(bot);

    await fake.userSendsDocument(lan, { fileName: 'ke-hoach-2020.txt', bytes: 'Kế hoạch số 12' });

    const [reply] = await fake.waitForMessages(lan.id, 1);
    expect(reply!.text).toBe(`ke-hoach-2020.txt (${Buffer.byteLength('Kế hoạch số 12')} B): Kế hoạch số 12`);
  });

  it('refuses getFile over 20 MB, like the cloud Bot API', async () => {
    const { fake, bot } = await startFake();
    const update = await fake.userSendsDocument(lan, { fileName: 'scan.pdf', size: 25 * 1024 * 1024 });
    const document = (update as { message: { document: { file_id: string; file_size: number } } }).message.document;
    expect(document.file_size).toBe(25 * 1024 * 1024);

    const error = await expectTelegramError(bot.telegram.getFile(document.file_id));
    expect([error.code, error.description]).toEqual([400, 'Bad Request: file is too big']);
  });

  it('records a document the bot uploads by multipart with its name, caption, buttons and bytes', async () => {
    const { fake, bot } = await startFake();
    const bytes = Buffer.from('PK fake xlsx');
    await bot.telegram.sendDocument(
      lan.id,
      { source: bytes, filename: 'tong-hop.xlsx' },
      { caption: 'Tổng hợp', reply_markup: { inline_keyboard: [[{ text: 'Xem', callback_data: 'view' }]] } },
    );

    const sent = fake.lastMessageTo(lan.id)!;
    expect(sent).toMatchObject({ kind: 'document', text: 'Tổng hợp', document: { fileName: 'tong-hop.xlsx', size: bytes.length } });
    expect(sent.buttons[0]![0]!.callback_data).toBe('view');
    expect(fake.fileBytes(sent.document!.fileId)).toEqual(bytes);
  });
});

describe('fake Telegram Bot API errors and limits', () => {
  it('fails the next call with 429 and retry_after, then answers normally', async () => {
    const { fake, bot } = await startFake();
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', retry_after: 7 });

    const error = await expectTelegramError(bot.telegram.sendMessage(lan.id, 'Nhắc hạn nộp'));
    expect([error.code, error.parameters?.retry_after]).toEqual([429, 7]);
    await bot.telegram.sendMessage(lan.id, 'Nhắc hạn nộp');

    expect(fake.sentMessages(lan.id)).toHaveLength(1);
    expect(fake.stats()).toMatchObject({ sent: 1, tooManyRequests: 1, calls: { sendMessage: 2 } });
  });

  it('answers 403 to every send to a chat that blocked the bot', async () => {
    const { fake, bot } = await startFake();
    fake.blockChat(hung.id);

    const error = await expectTelegramError(bot.telegram.sendMessage(hung.id, 'Thông báo'));
    expect([error.code, error.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
    expect((await expectTelegramError(bot.telegram.sendChatAction(hung.id, 'typing'))).code).toBe(403);
    await bot.telegram.sendMessage(lan.id, 'Thông báo');
    expect(fake.stats().sent).toBe(1);
  });

  it('enforces 30 messages per sliding second overall and 1 per chat, on an injected clock', async () => {
    const clock = new ManualClock('2026-05-15T03:00:00Z');
    const { fake, bot } = await startFake({ clock, enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1 } });

    for (let chat = 1; chat <= 30; chat++) await bot.telegram.sendMessage(chat, `Tin ${chat}`);
    const overall = await expectTelegramError(bot.telegram.sendMessage(31, 'Tin 31'));
    expect([overall.code, overall.parameters?.retry_after]).toEqual([429, 1]);

    clock.advance(1000);
    await bot.telegram.sendMessage(31, 'Tin 31');
    const sameChat = await expectTelegramError(bot.telegram.sendMessage(31, 'Tin 31 lần 2'));
    expect(sameChat.code).toBe(429);
    clock.advance(999);
    expect((await expectTelegramError(bot.telegram.sendMessage(31, 'vẫn sớm'))).code).toBe(429);
    clock.advance(1);
    await bot.telegram.sendMessage(31, 'Tin 31 lần 2');

    expect(fake.stats()).toMatchObject({ sent: 32, tooManyRequests: 3 });
  });

  it('allows a per-chat burst, 20 per minute to a group, paid broadcasts past 30/s, and refuses unknown chats on request', async () => {
    const clock = new ManualClock('2026-05-15T03:00:00Z');
    const { fake, bot } = await startFake({ clock, knownChatsOnly: true, enforceLimits: { perChatPerSecond: 1, perChatBurst: 2 } });
    const notFound = await expectTelegramError(bot.telegram.sendMessage(lan.id, 'chưa từng nhắn'));
    expect(notFound.description).toBe('Bad Request: chat not found');
    fake.registerUser(lan);
    for (let i = 0; i < 3; i++) await bot.telegram.sendMessage(lan.id, `tin ${i}`);
    expect((await expectTelegramError(bot.telegram.sendMessage(lan.id, 'tin 4'))).code).toBe(429);

    const group = -1001;
    const groups = await startFake({ clock, enforceLimits: { perChatPerSecond: 100 } });
    for (let i = 0; i < 20; i++) await groups.bot.telegram.sendMessage(group, `nhóm ${i}`);
    const minute = await expectTelegramError(groups.bot.telegram.sendMessage(group, 'nhóm 21'));
    expect(minute.parameters?.retry_after).toBe(60);
    for (let chat = 1; chat <= 40; chat++) {
      await groups.bot.telegram.sendMessage(chat, 'tin trả phí', { allow_paid_broadcast: true } as never);
    }
    expect(groups.fake.stats()).toMatchObject({ sent: 60, tooManyRequests: 1 });
  });

  it('validates text length, empty text, HTML and callback_data bytes with Telegram’s messages', async () => {
    const { bot } = await startFake();
    const tooLong = await expectTelegramError(bot.telegram.sendMessage(lan.id, 'a'.repeat(4097)));
    expect(tooLong.description).toBe('Bad Request: message is too long');
    await bot.telegram.sendMessage(lan.id, 'ạ'.repeat(4096));
    expect((await expectTelegramError(bot.telegram.sendMessage(lan.id, ' '))).description).toBe('Bad Request: message text is empty');
    const html = await expectTelegramError(bot.telegram.sendMessage(lan.id, 'điểm < 5', { parse_mode: 'HTML' }));
    expect(html.description).toMatch(/^Bad Request: can't parse entities/);

    // 33 Vietnamese letters are 66 UTF-8 bytes: too much for callback_data.
    const data = await expectTelegramError(
      bot.telegram.sendMessage(lan.id, 'Chọn', { reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'đ'.repeat(33) }]] } }),
    );
    expect(data.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('edits and deletes bot messages like Telegram, keeps commands per language', async () => {
    const { fake, bot } = await startFake();
    const keyboard = { inline_keyboard: [[{ text: 'Có', callback_data: 'yes' }]] };
    const sent = await bot.telegram.sendMessage(lan.id, 'Xác nhận?', { reply_markup: keyboard });

    const same = await expectTelegramError(bot.telegram.editMessageText(lan.id, sent.message_id, undefined, 'Xác nhận?', { reply_markup: keyboard }));
    expect(same.description).toMatch(/message is not modified/);
    await bot.telegram.editMessageText(lan.id, sent.message_id, undefined, 'Đã xác nhận');
    expect(fake.lastMessageTo(lan.id)).toMatchObject({ text: 'Đã xác nhận', buttons: [] }); // no markup = keyboard removed
    await bot.telegram.deleteMessage(lan.id, sent.message_id);
    expect(fake.lastMessageTo(lan.id)?.deleted).toBe(true);
    expect((await expectTelegramError(bot.telegram.deleteMessage(lan.id, sent.message_id))).code).toBe(400);

    await bot.telegram.setMyCommands([{ command: 'nop', description: 'Nộp báo cáo' }], { language_code: 'vi' });
    await bot.telegram.setMyCommands([{ command: 'submit', description: 'Submit a report' }]);
    expect(await bot.telegram.getMyCommands({ language_code: 'vi' })).toEqual([{ command: 'nop', description: 'Nộp báo cáo' }]);
    expect(fake.commandsFor()).toEqual([{ command: 'submit', description: 'Submit a report' }]);
  });

  it('hangs a call until the client gives up, and close() ends it', async () => {
    const { fake, bot } = await startFake();
    fake.hangNext('sendMessage');
    const call = bot.telegram.callApi('sendMessage', { chat_id: lan.id, text: 'treo' }, { signal: AbortSignal.timeout(100) as never });
    await expect(call).rejects.toThrow(/abort/i);
    fake.delayNext('sendMessage', 30);
    const started = performance.now();
    await bot.telegram.sendMessage(lan.id, 'lần sau');
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(fake.sentMessages(lan.id).map((m) => m.text)).toEqual(['lần sau']);
  });

  it('rejects waitForMessages with what did arrive', async () => {
    const { fake, bot } = await startFake();
    await bot.telegram.sendMessage(lan.id, 'chỉ một tin');
    await expect(fake.waitForMessages(lan.id, 2, 50)).rejects.toThrow('got 1: ["chỉ một tin"]');
  });
});
