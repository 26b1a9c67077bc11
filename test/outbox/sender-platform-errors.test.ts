import { eq } from 'drizzle-orm';
import { TelegramError } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { toChannelError } from '../../src/channels/telegram/sender.js';
import { auditLog, contacts } from '../../src/db/schema/index.js';
import { startOutboxHarness, type OutboxHarness } from './harness.js';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

function contactStatus(h: OutboxHarness, id: number) {
  return h.db.select().from(contacts).where(eq(contacts.id, id)).get()!.status;
}

describe('outbox sender: 429 retry_after', () => {
  it('that chat waits retry_after without burning an attempt; other chats and replies go on; then it is sent once', async () => {
    h = await startOutboxHarness();
    const a = h.enqueue(701, 'Tin bị 429')!;
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', retry_after: 7, chatId: 701 });
    const t0 = h.clock.now().getTime();

    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const waiting = h.row(a);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 0 });
    expect(waiting.nextAttemptAt.getTime()).toBe(t0 + 7000);
    expect(waiting.lastError).toContain('retry after 7');

    // The platform asked about one chat: the others are not stopped.
    h.enqueue(702, 'Tin khác', { lane: 'reply' });
    h.enqueue(703, 'Tin thứ ba');
    h.enqueue(701, 'Nhắc hạn cho 701');
    h.clock.advance(1000);
    expect(await h.sender.tick()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(h.fake.sentMessages(702).map((m) => m.text)).toEqual(['Tin khác']);
    expect(h.fake.sentMessages(703).map((m) => m.text)).toEqual(['Tin thứ ba']);
    expect(h.callsTo(701)).toBe(1);

    h.clock.advance(5999);
    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 0, failed: 0 });
    h.clock.advance(1);
    expect(await h.sender.tick()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(h.row(a)).toMatchObject({ status: 'sent', attempts: 1 });
    // The message queued later for 701 waited behind the retried one and came after it.
    expect(h.fake.sentMessages(701).map((m) => m.text)).toEqual(['Tin bị 429', 'Nhắc hạn cho 701']);
    expect(h.callsTo(701)).toBe(3);
  });

  it('after a 429 the overall rate drops for a while, then recovers', async () => {
    h = await startOutboxHarness({ limits: { perSecond: 10, chatPerSecond: 1, chatBurst: 1 } });
    for (let i = 0; i < 700; i++) h.enqueue(1_000_000 + i, `Thông báo ${i}`);
    // Telegram refuses one message a second in: the sender cannot tell whose limit it was.
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1, chatId: 1_000_010 });
    const t0 = h.clock.now().getTime();
    for (let t = 0; t <= 64_000; t += 20) {
      await h.sender.tick();
      h.clock.set(t0 + t);
    }
    const accepted = h.fake
      .callsTo('sendMessage')
      .filter((c) => c.errorCode === undefined)
      .map((c) => c.at.getTime() - t0);
    const inSecond = (s: number) => accepted.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length;
    expect(inSecond(0)).toBe(10);
    expect(inSecond(2)).toBeLessThanOrEqual(8);
    expect(inSecond(30)).toBeLessThan(10);
    expect(inSecond(62)).toBe(10);
    // Waiting on the platform's word used no attempt; the message is back in the queue.
    expect(h.rows().find((r) => r.chatId === '1000010')).toMatchObject({ status: 'queued', attempts: 0 });
  });
});

describe('outbox sender: 429 behind other messages to the same chat', () => {
  it('messages behind a 429 are not attempted; they wait out retry_after with it and keep their order', async () => {
    h = await startOutboxHarness();
    const first = h.enqueue(704, 'Phần 1', { lane: 'reply' })!;
    const second = h.enqueue(704, 'Phần 2', { lane: 'reply' })!;
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 3', retry_after: 3 });
    const t0 = h.clock.now().getTime();

    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(h.callsTo(704)).toBe(1);
    expect(h.row(first).nextAttemptAt.getTime()).toBe(t0 + 3000);
    for (const id of [first, second]) expect(h.row(id)).toMatchObject({ status: 'queued', attempts: 0 });

    h.clock.advance(2999);
    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 0, failed: 0 });
    h.clock.advance(1);
    expect(await h.sender.tick()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(h.fake.sentMessages(704).map((m) => m.text)).toEqual(['Phần 1', 'Phần 2']);
  });
});

describe('outbox sender: 5xx and retries', () => {
  it('retries a 500 after a backoff inside the jitter window, then sends', async () => {
    h = await startOutboxHarness();
    const a = h.enqueue(711, 'Tin gặp lỗi 500')!;
    h.fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    const t0 = h.clock.now().getTime();

    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const r = h.row(a);
    expect(r.status).toBe('queued');
    expect(r.attempts).toBe(1);
    expect(r.lastError).toBe('Internal Server Error');
    // backoffMs(1) = 2 s ± 30 %.
    const wait = r.nextAttemptAt.getTime() - t0;
    expect(wait).toBeGreaterThanOrEqual(1400);
    expect(wait).toBeLessThanOrEqual(2600);

    h.clock.set(r.nextAttemptAt.getTime() - 1);
    await h.sender.tick();
    expect(h.callsTo(711)).toBe(1);

    h.clock.set(r.nextAttemptAt);
    expect(await h.sender.tick()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(h.row(a).status).toBe('sent');
    expect(h.row(a).attempts).toBe(2);
    expect(h.fake.sentMessages(711)).toHaveLength(1);
  });

  it("gives up with 'retry_limit' after maxAttempts failures, each wait longer than the last", async () => {
    h = await startOutboxHarness({ sender: { maxAttempts: 4 } });
    const a = h.enqueue(712, 'Tin không bao giờ tới')!;
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway', times: 10 });

    const windows = [
      [1400, 2600],
      [2800, 5200],
      [5600, 10400],
    ];
    for (const [low, high] of windows) {
      const before = h.clock.now().getTime();
      expect(await h.sender.tick()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const wait = h.row(a).nextAttemptAt.getTime() - before;
      expect(wait).toBeGreaterThanOrEqual(low!);
      expect(wait).toBeLessThanOrEqual(high!);
      h.clock.set(h.row(a).nextAttemptAt);
    }
    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const r = h.row(a);
    expect(r.status).toBe('failed');
    expect(r.failureReason).toBe('retry_limit');
    expect(r.attempts).toBe(4);
    expect(r.lastError).toBe('Bad Gateway');

    h.clock.advance(3_600_000);
    await h.sender.tick();
    expect(h.callsTo(712)).toBe(4);
  });
});

describe('outbox sender: unreachable chats', () => {
  it('403 blocked: fails the message and every queued one to that chat, marks the contact blocked, never calls again', async () => {
    h = await startOutboxHarness();
    const contactId = h.addContact(721);
    const other = h.addContact(722, 'Thầy Hùng');
    h.fake.blockChat(721);
    const first = h.enqueue(721, 'Câu trả lời', { lane: 'reply', contactId })!;
    const second = h.enqueue(721, 'Câu hỏi tiếp theo', { lane: 'reply', contactId })!;
    const third = h.enqueue(721, 'Thông báo chung', { contactId })!;
    const fine = h.enqueue(722, 'Thông báo chung', { contactId: other })!;

    // The three to 721 are claimed together but go one after another: after the 403 the rest stay home.
    expect(await h.sender.tick()).toEqual({ sent: 1, retried: 0, failed: 3 });

    expect(h.row(first)).toMatchObject({ status: 'failed', failureReason: 'blocked' });
    expect(h.row(first).lastError).toContain('bot was blocked by the user');
    expect(h.row(second)).toMatchObject({ status: 'failed', failureReason: 'blocked' });
    expect(h.row(third)).toMatchObject({ status: 'failed', failureReason: 'blocked' });
    expect(h.row(fine).status).toBe('sent');
    expect(contactStatus(h, contactId)).toBe('blocked');
    expect(contactStatus(h, other)).toBe('active');
    expect(h.blocked).toEqual([contactId]);
    const audit = h.db.select().from(auditLog).where(eq(auditLog.action, 'contact.block')).all();
    expect(audit.map((e) => e.entityId)).toEqual([String(contactId)]);
    expect(h.callsTo(721)).toBe(1);

    // Later messages to the blocked contact fail in the sender without reaching Telegram.
    const later = h.enqueue(721, 'Nhắc hạn nộp', { contactId })!;
    h.clock.advance(60_000);
    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(h.row(later)).toMatchObject({ status: 'failed', failureReason: 'blocked' });
    expect(h.callsTo(721)).toBe(1);
  });

  it('400 "chat not found" is treated as blocked', async () => {
    h = await startOutboxHarness();
    const contactId = h.addContact(731);
    const a = h.enqueue(731, 'Xin chào', { contactId })!;
    const b = h.enqueue(731, 'Xin chào lần nữa', { contactId })!;
    h.fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });

    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 0, failed: 2 });

    expect(h.row(a)).toMatchObject({ status: 'failed', failureReason: 'blocked' });
    expect(h.row(b)).toMatchObject({ status: 'failed', failureReason: 'blocked' });
    expect(contactStatus(h, contactId)).toBe('blocked');
    expect(h.callsTo(731)).toBe(1);
  });

  it("any other 400 fails that one message as 'invalid' without retry; the chat stays reachable", async () => {
    h = await startOutboxHarness();
    const contactId = h.addContact(741);
    const bad = h.enqueue(741, 'Tin có định dạng hỏng', { contactId })!;
    h.fake.failNext('sendMessage', { error_code: 400, description: "Bad Request: can't parse entities" });

    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(h.row(bad)).toMatchObject({ status: 'failed', failureReason: 'invalid', attempts: 1 });
    expect(h.row(bad).lastError).toContain("can't parse entities");
    expect(contactStatus(h, contactId)).toBe('active');

    h.clock.advance(3_600_000);
    const next = h.enqueue(741, 'Tin bình thường', { contactId })!;
    await h.sender.tick();
    expect(h.row(next).status).toBe('sent');
    expect(h.callsTo(741)).toBe(2);
    expect(h.fake.sentMessages(741).map((m) => m.text)).toEqual(['Tin bình thường']);
  });
});

describe('outbox sender: a refused bot token', () => {
  it('401 pauses the channel for a minute and keeps the message, without using an attempt', async () => {
    h = await startOutboxHarness();
    const a = h.enqueue(751, 'Tin chờ token đúng')!;
    h.fake.failNext('sendMessage', { error_code: 401, description: 'Unauthorized' });
    const t0 = h.clock.now().getTime();

    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(h.row(a)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(h.row(a).nextAttemptAt.getTime()).toBe(t0 + 60_000);

    h.enqueue(752, 'Tin khác');
    h.clock.advance(59_999);
    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 0, failed: 0 });
    h.clock.advance(1);
    expect(await h.sender.tick()).toEqual({ sent: 2, retried: 0, failed: 0 });
  });
});

describe('toChannelError', () => {
  const telegram = (error_code: number, description: string, parameters?: object) =>
    toChannelError(new TelegramError({ error_code, description, parameters }));

  it('reads code, description, retry_after and "blocked" from Bot API errors', () => {
    expect(telegram(429, 'Too Many Requests: retry after 12', { retry_after: 12 })).toMatchObject({
      kind: 'platform',
      code: 429,
      retryAfter: 12,
      blocked: false,
    });
    for (const description of [
      'Forbidden: bot was blocked by the user',
      'Forbidden: user is deactivated',
      'Forbidden: bot was kicked from the group chat',
      "Forbidden: bot can't initiate conversation with a user",
    ]) {
      expect(telegram(403, description)).toMatchObject({ kind: 'platform', code: 403, blocked: true, message: description });
    }
    expect(telegram(400, 'Bad Request: chat not found').blocked).toBe(true);
    expect(telegram(400, 'Bad Request: message is too long').blocked).toBe(false);
  });

  it('anything that is not a Bot API answer is a network failure', () => {
    const e = toChannelError(Object.assign(new Error('request to http://127.0.0.1:1/ failed, reason: connect ECONNREFUSED'), { type: 'system' }));
    expect(e).toMatchObject({ kind: 'network', code: undefined, blocked: false });
    expect(e.message).toContain('ECONNREFUSED');
  });
});
