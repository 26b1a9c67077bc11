import { afterEach, describe, expect, it } from 'vitest';
import { busiestWindow, startOutboxHarness, type OutboxHarness } from './harness.js';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

/** Deterministic pseudo-random steps, so every run is the same run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Accepted sendMessage calls (not 429s) per chat, as times from t0. */
function acceptedByChat(h: OutboxHarness, t0: number): Map<string, number[]> {
  const byChat = new Map<string, number[]>();
  for (const c of h.fake.callsTo('sendMessage')) {
    if (c.errorCode !== undefined) continue;
    const chat = String(c.params.chat_id);
    byChat.set(chat, [...(byChat.get(chat) ?? []), c.at.getTime() - t0]);
  }
  return byChat;
}

describe('outbox sender: exact pacing', () => {
  it('over a long mixed run no sliding second exceeds 29 overall, nor a chat its own limit; Telegram never says 429', async () => {
    // Telegram-like flood control, 30 in any second; the sender is set one below (TELEGRAM_MAX_MPS=29).
    h = await startOutboxHarness({
      enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 2, perGroupPerMinute: 20 },
      limits: { perSecond: 29 },
    });
    const group = -1001234567890;
    const long = 'Các phòng GDĐT tổng hợp số liệu, báo cáo Sở trước ngày 20 hằng tháng. '.repeat(70); // two Telegram messages
    const expected = new Map<string, string[]>();
    const queue = (chat: number, text: string, lane: 'reply' | 'bulk') => {
      h.enqueue(chat, text, { lane });
      expected.set(String(chat), [...(expected.get(String(chat)) ?? []), text]);
    };
    for (let i = 0; i < 300; i++) queue(2_000_000 + i, `Thông báo nghỉ hè (${i})`, 'bulk');
    for (let i = 0; i < 20; i++) for (let k = 0; k < 8; k++) queue(3_000_000 + i, `Trả lời ${k + 1}`, 'reply');
    for (let k = 0; k < 12; k++) queue(group, `Phiếu mới ${k + 1}`, 'reply');
    for (let i = 0; i < 5; i++) queue(4_000_000 + i, `${long}(${i})`, 'reply');

    const rand = seeded(7);
    const t0 = h.clock.now().getTime();
    for (let step = 0; step < 10_000 && h.unsent() > 0; step++) {
      await h.sender.tick();
      h.clock.advance(5 + Math.floor(rand() * 35));
      // People keep writing while the broadcast goes out.
      if (step % 50 === 0) queue(3_000_100 + (step % 7), `Trả lời thêm ${step}`, 'reply');
    }

    expect(h.rows().filter((r) => r.status !== 'sent')).toEqual([]);
    expect(h.fake.stats().tooManyRequests).toBe(0);
    const byChat = acceptedByChat(h, t0);
    const all = [...byChat.values()].flat();
    expect(busiestWindow(all, 1000)).toBeLessThanOrEqual(29);
    // …and at the limit, not far below it, while the broadcast lasted.
    expect(busiestWindow(all, 1000)).toBeGreaterThanOrEqual(28);
    expect(all.filter((t) => t < 10_000).length).toBeGreaterThanOrEqual(280);
    for (const [chat, times] of byChat) {
      if (chat === String(group)) {
        expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(20);
      } else {
        // About one a second with a burst of 3: never more than 3 in a second, nor in 3 seconds.
        expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(3);
        expect(busiestWindow(times, 3000)).toBeLessThanOrEqual(3);
      }
    }
    for (const [chat, texts] of expected) {
      // A long text arrives in two parts, split at a space.
      const squeeze = (t: string) => t.replace(/\s+/g, '');
      expect(squeeze(h.fake.sentMessages(Number(chat)).map((m) => m.text).join(''))).toBe(squeeze(texts.join('')));
    }
  });

  it('keeps each chat in queue order under a backlog, with retries in between', async () => {
    h = await startOutboxHarness({ limits: { perSecond: 29, chatPerSecond: 1, chatBurst: 3 } });
    for (let k = 1; k <= 10; k++) for (let chat = 0; chat < 40; chat++) h.enqueue(5_000_000 + chat, `Tin ${k}`, { lane: k % 4 === 0 ? 'reply' : 'bulk' });
    // Some calls fail and are retried after a backoff; what came after them waits.
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway', times: 20 });

    for (let step = 0; step < 5000 && h.unsent() > 0; step++) {
      await h.sender.tick();
      h.clock.advance(50);
    }

    expect(h.rows().filter((r) => r.status !== 'sent')).toEqual([]);
    expect(h.rows().filter((r) => r.attempts > 1).length).toBeGreaterThanOrEqual(10);
    const replies = [4, 8].map((k) => `Tin ${k}`);
    const bulk = Array.from({ length: 10 }, (_, i) => `Tin ${i + 1}`).filter((t) => !replies.includes(t));
    for (let chat = 0; chat < 40; chat++) {
      const texts = h.fake.sentMessages(5_000_000 + chat).map((m) => m.text);
      // Replies jump ahead of bulk; within a lane, the order they were queued.
      expect(texts.filter((t) => replies.includes(t))).toEqual(replies);
      expect(texts.filter((t) => bulk.includes(t))).toEqual(bulk);
    }
  });

  it('a backlog of 10,000 rows of chats at their limit is read once, not again by every tick', async () => {
    h = await startOutboxHarness({ limits: { perSecond: 1000, chatPerSecond: 1, chatBurst: 1 } });
    for (let chat = 0; chat < 100; chat++) for (let k = 0; k < 100; k++) h.enqueue(6_000_000 + chat, `Nhắc hạn ${k}`);

    // Ticks every 50 ms for 3 s: each chat sends once a second, the rest of its rows wait.
    const perTick: { sent: number; read: number }[] = [];
    for (let t = 0; t < 3000; t += 50) {
      const before = h.sender.stats().rowsRead;
      const { sent } = await h.sender.tick();
      perTick.push({ sent, read: h.sender.stats().rowsRead - before });
      h.clock.advance(50);
    }

    // The first tick read the backlog once (the schedule is built from it).
    expect(perTick[0]!.read).toBeGreaterThanOrEqual(10_000);
    expect(perTick[0]!.read).toBeLessThan(10_000 + 3 * perTick[0]!.sent);
    // Afterwards: a few rows per message sent (its row, the chat's next head), none when no chat may send.
    for (const { sent, read } of perTick.slice(1)) expect(read).toBeLessThanOrEqual(3 * sent);
    expect(perTick.filter((t) => t.sent === 0).length).toBeGreaterThan(30);
    expect(perTick.reduce((n, t) => n + t.sent, 0)).toBe(300);
  });

  it('takes a large broadcast in as the schedule needs it: a few hundred chats in memory, queue order kept, replies first', async () => {
    h = await startOutboxHarness({ limits: { perSecond: 100, chatPerSecond: 1, chatBurst: 1 } });
    const recipients = 3000;
    const firstChat = 7_000_000;
    for (let k = 0; k < recipients; k++) h.enqueue(firstChat + k, 'Thông báo lịch nghỉ Tết');
    const lastChat = firstChat + recipients - 1;

    let mostHeld = 0;
    let replyQueuedAt: number | undefined;
    for (let step = 0; step < 2000 && h.unsent() > 0; step++) {
      await h.sender.tick();
      mostHeld = Math.max(mostHeld, h.sender.stats().chatsHeld);
      const sent = h.fake.callsTo('sendMessage').length;
      if (replyQueuedAt === undefined && sent >= 1000) {
        // The last recipient writes in while the broadcast is a third through.
        h.enqueue(lastChat, 'Dạ, em đã nhận được câu hỏi.', { lane: 'reply' });
        replyQueuedAt = h.clock.now().getTime();
      }
      h.clock.advance(100);
    }

    expect(h.unsent()).toBe(0);
    const calls = h.fake.callsTo('sendMessage').filter((c) => c.errorCode === undefined);
    expect(calls).toHaveLength(recipients + 1);
    // Recipients get it in the order they were queued (the reply aside).
    const bulkChats = calls.filter((c) => c.params.text !== 'Dạ, em đã nhận được câu hỏi.').map((c) => Number(c.params.chat_id));
    expect(bulkChats).toEqual(Array.from({ length: recipients }, (_, k) => firstChat + k));
    // The reply went first once it was queued, ahead of the 2,000 broadcast messages still queued, its chat's included.
    const after = calls.filter((c) => c.at.getTime() > replyQueuedAt!);
    expect(after[0]!.params.text).toBe('Dạ, em đã nhận được câu hỏi.');
    expect(h.fake.sentMessages(lastChat).map((m) => m.text)).toEqual(['Dạ, em đã nhận được câu hỏi.', 'Thông báo lịch nghỉ Tết']);
    // Never the whole queue in memory, and each row read about once.
    expect(mostHeld).toBeLessThan(1000);
    expect(h.sender.stats().rowsRead).toBeLessThan(2.5 * recipients);
  });
});
