import { afterEach, describe, expect, it } from 'vitest';
import { startChannelHarness, type ChannelHarness } from '../helpers/channel-harness.js';
import { seedPlan } from '../helpers/service.js';
import type { ChatUser, Received } from '../conversation/channels/driver.js';
import { ZALO_TEST_SECRET, zaloDriver } from '../conversation/channels/zalo.driver.js';
import { jpegBytes } from '../helpers/sample-files.js';

type Driver = ReturnType<typeof zaloDriver>;
let h: ChannelHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(opts: { webhook?: boolean } = {}): Promise<{ h: ChannelHarness; d: Driver }> {
  const d = zaloDriver(opts);
  h = await startChannelHarness(d);
  return { h, d };
}

const count = (h: ChannelHarness, table: string) => (h.service.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function next(d: Driver, user: ChatUser, act: () => Promise<unknown>): Promise<Received> {
  const before = d.received(user).length;
  await act();
  return d.waitFor(user, /[\s\S]/, before);
}

describe('Zalo Bot Platform webhook', () => {
  it('refuses a wrong or missing secret with 403 and stores nothing; the right one is answered', async () => {
    const { h, d } = await start({ webhook: true });
    expect(d.fake.webhookUrl).toBe(`${h.base}/zalo/webhook`);
    const body = JSON.stringify({ event_name: 'message.text.received', message: { message_id: 'm1', date: 1, chat: { id: 'c1', chat_type: 'PRIVATE' }, from: { id: 'c1', display_name: 'A' }, text: 'xin chào' } });
    for (const headers of [{ 'x-bot-api-secret-token': 'wrong-secret-123' }, {}] as Record<string, string>[]) {
      const res = await fetch(`${h.base}/zalo/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect(res.status).toBe(403);
    }
    expect(count(h, 'inbound_updates')).toBe(0);
    const ok = await fetch(`${h.base}/zalo/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_TEST_SECRET }, body });
    expect(ok.status).toBe(200);
    expect(count(h, 'inbound_updates')).toBe(1);
  });

  it('reads the documented wrapped body and the flat one, and processes a repeated update once', async () => {
    const { h, d } = await start({ webhook: true });
    const parent = d.newUser('Phụ huynh');
    d.fake.webhookEnvelope = 'wrapped';
    const update = await d.fake.userSendsText(parent, 'xin chào');
    await d.waitFor(parent, /[\s\S]/);
    d.fake.webhookEnvelope = 'flat';
    await d.fake.redeliver(update);
    await d.fake.redeliver(update);
    expect(d.fake.webhookDeliveries.map((w) => w.status)).toEqual([200, 200, 200]);
    await h.service.inbox.idle();
    const replies = d.received(parent).length;
    expect(count(h, 'inbound_updates')).toBe(1);
    const again = await next(d, parent, () => d.fake.userSendsText(parent, 'chào ad'));
    expect(again.text).toBeTruthy();
    expect(d.received(parent).length).toBe(replies + 1);
  });
});

describe('Zalo Bot Platform long polling', () => {
  it('deletes a registered webhook before polling (it would starve getUpdates), polls again after each 408, and processes a repeated update once', async () => {
    const { h, d } = await start();
    // A webhook left over from an earlier webhook-mode run: polling alone would get nothing.
    await fetch(`${d.fake.apiRoot}/bot${d.fake.token}/setWebhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://old.example/zalo', secret_token: 'old-secret-123' }) });
    await h.restart();
    expect(d.fake.webhookUrl).toBeUndefined();
    const polls = d.fake.callsTo('getUpdates').length;
    await d.fake.waitForCalls('getUpdates', polls + 2); // the empty waits ended in 408 and the loop went on
    const parent = d.newUser('Phụ huynh');
    const update = await d.fake.userSendsText(parent, 'xin chào');
    await d.waitFor(parent, /[\s\S]/);
    await d.fake.redeliver(update);
    await d.fake.waitForCalls('getUpdates', d.fake.callsTo('getUpdates').length + 1);
    await h.service.inbox.idle();
    expect(count(h, 'inbound_updates')).toBe(1);
  });

  it('answers a sticker and unsupported content calmly, and takes a photo as a file', async () => {
    const { h, d } = await start();
    const { code } = await seedPlan(h);
    const teacher = d.newUser('Thu Hà');
    await next(d, teacher, () => d.sendInviteCode(teacher, code));
    expect((await next(d, teacher, () => d.fake.userSendsSticker(teacher))).text).toContain('Cảm ơn anh/chị');
    const unsupported = await next(d, teacher, () => d.fake.userSendsUnsupported(teacher));
    expect(unsupported.text).toContain('tệp tài liệu gửi trong Zalo chưa đến được bot');
    expect(unsupported.text).not.toMatch(/bấm|(^|\s)\/[a-z]+/);
    const photo = await next(d, teacher, () => d.fake.userSendsPhoto(teacher, jpegBytes()));
    expect(photo.text).toMatch(/Đã nhận tệp “anh-zalo-[0-9a-f]+\.jpg”/);
    expect(count(h, 'files')).toBe(1);
  });
});

describe('Zalo Bot Platform sending', () => {
  it('splits a text over 2,000 characters into messages of at most 2,000, cutting no word or emoji', async () => {
    const { h, d } = await start();
    const { code } = await seedPlan(h);
    const teacher = d.newUser('Thu Hà');
    await next(d, teacher, () => d.sendInviteCode(teacher, code));
    const words = Array.from({ length: 560 }, (_, i) => (i % 50 === 49 ? '👨‍👩‍👧' : `từ${i}`));
    const text = words.join(' ');
    const created = await h.api('POST', '/api/v1/broadcasts', { title: 'Dài', text, audience: { roles: ['unit_contact'] } });
    expect(created.status).toBe(201);
    await d.waitFor(teacher, /từ559/);
    const parts = d.received(teacher).slice(1).map((m) => m.text);
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join(' ').split(' ')).toEqual(words);
  });

  it('an image attachment goes as a photo by an expiring address of ours; a document is announced in the text only', async () => {
    const { storeFile } = await import('../../src/domain/files.js');
    const { systemActor } = await import('../../src/domain/context.js');
    const { silentLogger } = await import('../../src/lib/logger.js');
    const { pdfBytes } = await import('../helpers/sample-files.js');
    const { h, d } = await start();
    const { code } = await seedPlan(h);
    const teacher = d.newUser('Thu Hà');
    await next(d, teacher, () => d.sendInviteCode(teacher, code));
    const ctx = { db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir };
    const image = await storeFile(ctx, { bytes: jpegBytes(), originalName: 'so-do-phong-thi.jpg', source: 'api' });
    const pdf = await storeFile(ctx, { bytes: pdfBytes(), originalName: 'ke-hoach.pdf', source: 'api' });
    const send = (text: string, fileId: number) => h.api('POST', '/api/v1/broadcasts', { title: text, text, audience: { roles: ['unit_contact'] }, attachmentFileId: fileId });
    expect((await send('Sơ đồ phòng thi.', image.id)).status).toBe(201);
    const photo = await d.fake.waitForCalls('sendPhoto', 1).then(() => d.fake.callsTo('sendPhoto')[0]!);
    expect(d.received(teacher).at(-1)).toMatchObject({ text: '' });
    expect(d.fake.messagesTo(teacher.id).at(-2)!.text).toContain('Sơ đồ phòng thi.\n\n📎 Thông báo này có kèm một tệp');
    const url = String(photo.photo);
    expect(url).toMatch(new RegExp(`^${h.base}/anh/[\\w-]{20,}$`));
    const fetched = await fetch(url);
    expect(fetched.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(jpegBytes())).toBe(true);

    expect((await send('Kế hoạch kèm theo.', pdf.id)).status).toBe(201);
    await d.waitFor(teacher, /Kế hoạch kèm theo/);
    await h.service.sender.tick();
    expect(d.fake.callsTo('sendPhoto')).toHaveLength(1);

    h.clock.advance(8 * 24 * 3600_000); // a week later the address is gone
    expect((await fetch(url)).status).toBe(404);
  });

  it('a 429 "quota exceeded" is retried later and the message still arrives once', async () => {
    const { h, d } = await start();
    const { code } = await seedPlan(h);
    const teacher = d.newUser('Thu Hà');
    d.fake.failNext('sendMessage', { error_code: 429, description: 'Quota exceeded' });
    await d.sendInviteCode(teacher, code);
    const lastError = () => (h.service.db.$client.prepare(`SELECT last_error AS e FROM outbox`).get() as { e: string | null } | undefined)?.e;
    await expect.poll(lastError).toBe('Quota exceeded');
    expect(d.received(teacher)).toHaveLength(0);
    h.clock.advance(6000);
    await h.service.sender.tick();
    const linked = await d.waitFor(teacher, /liên kết với đơn vị/);
    expect(linked.text).toContain('Trường THPT Thử Nghiệm');
    expect(d.received(teacher)).toHaveLength(1);
  });
});

describe('numbered choices on Zalo', () => {
  it('picks by number, by label and by label without diacritics, also after a restart', async () => {
    const { h, d } = await start();
    const { code } = await seedPlan(h);
    const teacher = d.newUser('Thu Hà');
    const linked = await next(d, teacher, () => d.sendInviteCode(teacher, code));
    expect(linked.choices).toEqual(['📋 Việc cần nộp', '📤 Nộp bài', '❓ Hướng dẫn']);
    expect(linked.text).toContain('1. 📋 Việc cần nộp\n2. 📤 Nộp bài\n3. ❓ Hướng dẫn');

    expect((await next(d, teacher, () => d.sendText(teacher, '1'))).text).toContain('Việc cần nộp của Trường THPT Thử Nghiệm');
    expect((await next(d, teacher, () => d.sendText(teacher, 'Hướng dẫn'))).text).toContain('Anh/chị là đầu mối của');
    expect((await next(d, teacher, () => d.sendText(teacher, 'nop bai'))).text).toContain('Nộp cho:');
    await next(d, teacher, () => d.sendText(teacher, 'hủy'));

    await h.restart();
    expect((await next(d, teacher, () => d.sendText(teacher, '2'))).text).toContain('Nộp cho:');
    // Inside a typed question, "2" is the answer, not the second shortcut.
    await next(d, teacher, () => d.sendText(teacher, 'https://drive.google.com/file/d/x/view'));
    const question = await next(d, teacher, () => d.sendText(teacher, 'xong'));
    expect(question.text).toMatch(/Câu 1\/4/);
    expect(question.text).toContain('Hoặc gõ: “Hủy”.');
    expect((await next(d, teacher, () => d.sendText(teacher, '2'))).text).toMatch(/Câu 1\/4/);
  });
});

describe('a refusal inside a turn', () => {
  it('reaches the person as the one calm sentence of its kind, never the error message, and is not retried', async () => {
    const { h, d } = await start();
    const parent = d.newUser('Phụ huynh');
    await d.sendText(parent, 'xin chào');
    await d.waitFor(parent, /Gửi phản ánh/);
    await next(d, parent, () => d.choose(parent, /Gửi phản ánh/));
    await next(d, parent, () => d.choose(parent, /Phản ánh/));
    const refused = await next(d, parent, () => d.sendText(parent, '   '));
    expect(refused.text).toBe('Nội dung vừa gửi chưa hợp lệ. Anh/chị vui lòng kiểm tra lại rồi gửi lại.');
    expect((await h.api('GET', '/api/v1/tickets')).json.items).toHaveLength(0);
    const row = h.service.db.$client.prepare(`SELECT status FROM inbound_updates ORDER BY id DESC LIMIT 1`).get();
    expect(row).toEqual({ status: 'done' });
  });
});

describe('broadcast acknowledgement on Zalo', () => {
  it('"đã nhận" typed later still acknowledges, after other choices were offered', async () => {
    const { h, d } = await start();
    const { code } = await seedPlan(h);
    const teacher = d.newUser('Thu Hà');
    await next(d, teacher, () => d.sendInviteCode(teacher, code));
    const created = await h.api('POST', '/api/v1/broadcasts', { title: 'Họp', text: 'Họp giao ban 8:00 thứ Hai.', audience: { roles: ['unit_contact'] }, requireAck: true });
    const notice = await d.waitFor(teacher, /Họp giao ban/);
    expect(notice.text).toContain('1. ✅ Đã nhận');
    await next(d, teacher, () => d.sendText(teacher, 'hướng dẫn')); // a menu: "1" now means something else
    expect((await next(d, teacher, () => d.sendText(teacher, 'Đã nhận'))).text).toContain('Đã ghi nhận');
    expect((await h.api('GET', `/api/v1/broadcasts/${created.json.id}`)).json.counts.acked).toBe(1);
  });
});

describe('one unit, contacts on Telegram and Zalo', () => {
  it('an invite works on either channel, and a reminder reaches each contact on their own', async () => {
    const { FakeTelegramBotApi } = await import('../fakes/telegram-bot-api.js');
    const { runJob } = await import('../../src/jobs/registry.js');
    const { silentLogger } = await import('../../src/lib/logger.js');
    const telegram = await FakeTelegramBotApi.start();
    try {
      const d = zaloDriver();
      h = await startChannelHarness(d, { env: { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot } });
      const { code, unitId } = await seedPlan(h);
      const onTelegram = { id: 5_770_001, firstName: 'Hà' };
      await telegram.userSendsCommand(onTelegram, '/start', code);
      await telegram.waitForText(onTelegram.id, /liên kết với đơn vị/);
      const second = await h.api('POST', `/api/v1/units/${unitId}/invites`, {});
      const onZalo = d.newUser('Phúc');
      await next(d, onZalo, () => d.sendInviteCode(onZalo, second.json.code));
      expect(d.received(onZalo)[0]!.text).toContain('liên kết với đơn vị: Trường THPT Thử Nghiệm');
      const contacts = await h.api('GET', '/api/v1/contacts');
      expect(contacts.json.items.map((c: { channel: string }) => c.channel).sort()).toEqual(['telegram', 'zalo']);

      h.clock.advance(2 * 24 * 3600_000);
      await runJob('reminders', { db: h.service.db, clock: h.clock, log: silentLogger, config: h.config }, 'api');
      await telegram.waitForText(onTelegram.id, /Nhắc hạn nộp bài/);
      const reminder = await d.waitFor(onZalo, /Nhắc hạn nộp bài/);
      expect(reminder.text).toContain('1. 📤 Nộp ngay');
      expect(reminder.text).not.toMatch(/bấm/i);
    } finally {
      await h?.close();
      h = undefined;
      await telegram.close();
    }
  });
});
