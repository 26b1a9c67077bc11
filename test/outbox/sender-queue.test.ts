import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox, timelineMessages } from '../../src/db/schema/index.js';
import { startOutboxHarness, type OutboxHarness } from './harness.js';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

describe('outbox sender: lanes, dedupe and crash recovery', () => {
  it('sends a reply before 50 queued bulk messages when only one may go per tick', async () => {
    // perSecond 5 → a global burst of 1: each tick has room for exactly one message.
    h = await startOutboxHarness({ limits: { perSecond: 5, chatPerSecond: 1, chatBurst: 1 } });
    for (let i = 0; i < 50; i++) h.enqueue(1000 + i, `Thông báo ${i}`, { lane: 'bulk' });
    const reply = h.enqueue(42, 'Dạ, Sở đã nhận được báo cáo của thầy/cô.', { lane: 'reply' })!;

    const first = await h.sender.tick();

    expect(first).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(h.fake.sentMessages(42).map((m) => m.text)).toEqual(['Dạ, Sở đã nhận được báo cáo của thầy/cô.']);
    expect(h.fake.sentMessages().length).toBe(1);
    expect(h.row(reply).status).toBe('sent');
    expect(h.row(reply).attempts).toBe(1);

    // The bulk lane then drains in its own order, one per 200 ms.
    h.clock.advance(200);
    await h.sender.tick();
    expect(h.fake.sentMessages().map((m) => m.text)).toEqual(['Dạ, Sở đã nhận được báo cáo của thầy/cô.', 'Thông báo 0']);
  });

  it('a reply enqueued while bulk is waiting jumps ahead of the remaining bulk', async () => {
    h = await startOutboxHarness({ limits: { perSecond: 5, chatPerSecond: 1, chatBurst: 1 } });
    for (let i = 0; i < 5; i++) h.enqueue(2000 + i, `Nhắc hạn ${i}`);
    await h.sender.tick();
    h.enqueue(43, 'Trả lời câu hỏi', { lane: 'reply' });
    h.clock.advance(200);
    await h.sender.tick();
    expect(h.fake.sentMessages().map((m) => m.text)).toEqual(['Nhắc hạn 0', 'Trả lời câu hỏi']);
  });

  it('keeps the order of several messages to one chat even when the first call is slow', async () => {
    h = await startOutboxHarness();
    h.enqueue(44, 'Cảm ơn, Sở đã nhận tệp.', { lane: 'reply' });
    h.enqueue(44, 'Câu 2: Số lớp học?', { lane: 'reply' });
    h.enqueue(44, 'Gõ "huỷ" để dừng.', { lane: 'reply' });
    // The platform answers the first call late (a slow network), the others at once.
    h.fake.delayNext('sendMessage', 150);

    expect(await h.sender.tick()).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect(h.fake.sentMessages(44).map((m) => m.text)).toEqual([
      'Cảm ơn, Sở đã nhận tệp.',
      'Câu 2: Số lớp học?',
      'Gõ "huỷ" để dừng.',
    ]);
  });

  it('the same dedupe key twice makes one row, one timeline entry and one delivery', async () => {
    h = await startOutboxHarness();
    const contactId = h.addContact(501);
    const first = h.enqueue(501, 'Nhắc: hạn nộp kế hoạch là 20/05', { dedupeKey: 'reminder:7:12:-1d:v1', contactId });
    const second = h.enqueue(501, 'Nhắc: hạn nộp kế hoạch là 20/05', { dedupeKey: 'reminder:7:12:-1d:v1', contactId });

    expect(first).toBeTypeOf('number');
    expect(second).toBeUndefined();
    expect(h.rows()).toHaveLength(1);
    expect(h.db.select().from(timelineMessages).where(eq(timelineMessages.contactId, contactId)).all()).toHaveLength(1);

    await h.sender.tick();
    h.clock.advance(5000);
    await h.sender.tick();
    expect(h.fake.sentMessages(501)).toHaveLength(1);
    expect(h.callsTo(501)).toBe(1);
  });

  it('rows left in "sending" by a crash go back to the queue on recoverInFlight() and are delivered', async () => {
    h = await startOutboxHarness();
    const a = h.enqueue(601, 'Tin A')!;
    const b = h.enqueue(602, 'Tin B')!;
    const c = h.enqueue(603, 'Tin C')!;
    // The crashed process had claimed a and b (attempt counted) but never recorded an outcome.
    h.db.update(outbox).set({ status: 'sending', attempts: 1, claimedAt: h.clock.now() }).where(eq(outbox.id, a)).run();
    h.db.update(outbox).set({ status: 'sending', attempts: 1, claimedAt: h.clock.now() }).where(eq(outbox.id, b)).run();

    // Before recovery only the queued row moves: a claimed row belongs to its (dead) sender.
    await h.sender.tick();
    expect(h.fake.sentMessages().map((m) => m.text)).toEqual(['Tin C']);

    const sender = await h.restartSender();
    expect(sender.recoverInFlight()).toBe(2);
    expect(h.row(a).status).toBe('queued');
    await sender.tick();

    expect([h.row(a).status, h.row(b).status, h.row(c).status]).toEqual(['sent', 'sent', 'sent']);
    expect(h.row(a).attempts).toBe(2);
    expect(h.fake.sentMessages(601).map((m) => m.text)).toEqual(['Tin A']);
    expect(h.fake.sentMessages(602).map((m) => m.text)).toEqual(['Tin B']);
    expect(h.fake.sentMessages(603)).toHaveLength(1);
  });

  it('start() recovers stuck rows and its loop delivers them', async () => {
    h = await startOutboxHarness();
    const a = h.enqueue(611, 'Tin sau khi khởi động lại')!;
    h.db.update(outbox).set({ status: 'sending', attempts: 1 }).where(eq(outbox.id, a)).run();

    h.sender.start();
    await h.fake.waitForMessages(611, 1);
    await h.sender.stop();

    expect(h.row(a).status).toBe('sent');
    expect(h.fake.sentMessages(611)).toHaveLength(1);
  });
});
