import { afterEach, describe, expect, it } from 'vitest';
import { TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram/render.js';
import { startOutboxHarness, type OutboxHarness } from './harness.js';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

function longText(paragraphs: number): string {
  return Array.from({ length: paragraphs }, (_, i) =>
    `Mục ${i + 1}. ${'Các phòng GDĐT tổng hợp số liệu, báo cáo Sở trước ngày 20 hằng tháng. '.repeat(25).trim()}`,
  ).join('\n\n');
}

describe('outbox → Telegram: a message longer than one Telegram message', () => {
  it('after a 429 midway, the retry sends only the parts not yet delivered: no duplicates, no endless loop', async () => {
    // Strict per-chat flood control: a second message to the chat within a second gets 429.
    h = await startOutboxHarness({
      enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 0 },
      limits: { perSecond: 25, chatPerSecond: 1, chatBurst: 1 },
    });
    const text = longText(6);
    expect(text.length).toBeGreaterThan(2 * TELEGRAM_TEXT_LIMIT);
    const id = h.enqueue(861, text, { lane: 'reply', message: { choices: [[{ label: 'Đã đọc', data: 'ack' }]] } })!;

    let ticks = 0;
    while (h.row(id).status !== 'sent' && ticks < 20) {
      await h.sender.tick();
      h.clock.set(Math.max(h.clock.now().getTime() + 40, h.row(id).nextAttemptAt.getTime()));
      ticks++;
    }

    const sent = h.fake.sentMessages(861);
    expect(h.row(id).status).toBe('sent');
    expect(h.row(id).attempts).toBe(1);
    expect(sent.length).toBe(3);
    expect(sent.map((m) => m.text).join('\n\n')).toBe(text);
    expect(sent.at(-1)!.buttons).toEqual([[{ text: 'Đã đọc', callback_data: 'ack' }]]);
    expect(h.fake.stats().tooManyRequests).toBe(2);
  });
});
