import { afterEach, describe, expect, it } from 'vitest';
import { busiestWindow, startOutboxHarness, type OutboxHarness } from './harness.js';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

describe('outbox sender: rate limits against Telegram-like flood control', () => {
  it('a 200-chat broadcast over 4 simulated seconds goes at ~25/s with zero 429', async () => {
    h = await startOutboxHarness({
      enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1 },
      limits: { perSecond: 25, chatPerSecond: 1, chatBurst: 1 },
    });
    for (let i = 0; i < 200; i++) h.enqueue(900_000 + i, `Thông báo tuyển sinh lớp 10 (${i})`);
    const t0 = h.clock.now().getTime();

    let sent = 0;
    for (let step = 0; step < 100; step++) {
      const r = await h.sender.tick();
      expect(r.retried).toBe(0);
      sent += r.sent;
      h.clock.advance(40);
    }

    const stats = h.fake.stats();
    expect(stats.tooManyRequests).toBe(0);
    expect(stats.sent).toBe(sent);
    // 25/s for 4 s, evenly spread (one every 40 ms, a burst of 2 at most).
    expect(sent).toBeGreaterThanOrEqual(95);
    expect(sent).toBeLessThanOrEqual(105);
    const times = h.fake.callsTo('sendMessage').map((c) => c.at.getTime() - t0);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(30);
    // Every recipient got at most one message and the rest are still queued, in order.
    expect(h.rows().filter((r) => r.status === 'queued')).toHaveLength(200 - sent);
    expect(h.rows().filter((r) => r.status === 'sent').map((r) => r.chatId)).toEqual(
      Array.from({ length: sent }, (_, i) => String(900_000 + i)),
    );
  });

  it('chats with many queued messages do not hold up the others (50 units × 6 reminders)', async () => {
    h = await startOutboxHarness({
      enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1 },
      limits: { perSecond: 25, chatPerSecond: 1, chatBurst: 1 },
    });
    // Reminders are produced unit by unit: each chat's six messages sit next to each other.
    for (let unit = 0; unit < 50; unit++) for (let k = 1; k <= 6; k++) h.enqueue(970_000 + unit, `Nhắc hạn yêu cầu ${k}`);

    let sent = 0;
    for (let step = 0; step < 100; step++) {
      sent += (await h.sender.tick()).sent;
      h.clock.advance(40);
    }

    expect(h.fake.stats().tooManyRequests).toBe(0);
    // The global rate is the limit (≈25/s), not the few chats at the head of the queue.
    expect(sent).toBeGreaterThanOrEqual(95);
    for (let unit = 0; unit < 50; unit++) {
      const texts = h.fake.sentMessages(970_000 + unit).map((m) => m.text);
      // One per second per chat, in the order queued.
      expect(texts).toEqual(Array.from({ length: texts.length }, (_, i) => `Nhắc hạn yêu cầu ${i + 1}`));
      expect(texts.length).toBeLessThanOrEqual(4);
    }
  });

  it('one chat gets about one message per second, with its burst, and never a 429', async () => {
    h = await startOutboxHarness({
      enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 2 },
      limits: { perSecond: 25, chatPerSecond: 1, chatBurst: 3 },
    });
    for (let i = 0; i < 20; i++) h.enqueue(950_001, `Câu ${i + 1}`, { lane: 'reply' });

    let sent = 0;
    for (let step = 0; step < 100; step++) {
      sent += (await h.sender.tick()).sent;
      h.clock.advance(40);
    }

    expect(h.fake.stats().tooManyRequests).toBe(0);
    // A burst of 3 at once, then about one per second on average: 3 more once 3 s have passed.
    expect(sent).toBe(6);
    expect(h.fake.sentMessages(950_001).map((m) => m.text)).toEqual(['Câu 1', 'Câu 2', 'Câu 3', 'Câu 4', 'Câu 5', 'Câu 6']);
  });

  it('a group gets at most 20 messages in any minute, a few at once then one every 3 s', async () => {
    h = await startOutboxHarness({
      enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 2, perGroupPerMinute: 20 },
      limits: { perSecond: 25 },
    });
    const group = -1009876543210;
    for (let i = 0; i < 30; i++) h.enqueue(group, `Phiếu phản ánh mới số ${i + 1}`, { lane: 'reply' });
    const t0 = h.clock.now().getTime();
    for (let t = 0; t <= 120_000; t += 250) {
      await h.sender.tick();
      h.clock.set(t0 + t);
    }

    expect(h.fake.stats().tooManyRequests).toBe(0);
    const times = h.fake.callsTo('sendMessage').map((c) => c.at.getTime() - t0);
    expect(times).toHaveLength(30);
    expect(busiestWindow(times, 60_000)).toBe(20);
    expect(times[2]).toBeLessThan(1000);
    expect(times[3]).toBeGreaterThanOrEqual(3000);
    expect(h.fake.sentMessages(group).map((m) => m.text)).toEqual(Array.from({ length: 30 }, (_, i) => `Phiếu phản ánh mới số ${i + 1}`));
  });
});
