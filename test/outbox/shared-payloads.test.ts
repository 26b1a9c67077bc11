import { afterEach, describe, expect, it } from 'vitest';
import { startOutboxHarness, type OutboxHarness } from './harness.js';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

// The sender parses each distinct payload once and the Telegram channel renders it once
// (src/outbox/payloads.ts): these check that sharing never mixes up what people receive.
describe('outbox → Telegram: many rows with the same payload', () => {
  it('a broadcast text reaches every chat rendered and with its button, the same for all', async () => {
    h = await startOutboxHarness();
    const text = '**Thông báo** của Sở GDĐT: lịch nghỉ hè. Xem [chi tiết](https://sgddt.example.vn/nghi-he).';
    const chats = Array.from({ length: 30 }, (_, i) => 7100 + i);
    for (const chat of chats) h.enqueue(chat, text, { message: { format: 'basic', choices: [[{ label: 'Đã nhận', data: 'ack:9' }]] } });

    await h.sender.tick();

    for (const chat of chats) {
      const [sent, ...more] = h.fake.sentMessages(chat);
      expect(more).toEqual([]);
      expect(sent!.parseMode).toBe('HTML');
      expect(sent!.text).toBe('<b>Thông báo</b> của Sở GDĐT: lịch nghỉ hè. Xem <a href="https://sgddt.example.vn/nghi-he">chi tiết</a>.');
      expect(sent!.buttons).toEqual([[{ text: 'Đã nhận', callback_data: 'ack:9' }]]);
    }
  });

  it('more distinct texts at once than the sender keeps parsed: each chat still gets its own', async () => {
    h = await startOutboxHarness();
    // 40 texts (more than the 16 kept), interleaved over 80 chats, some with a button.
    const textFor = (n: number) => `Nhắc hạn báo cáo số ${n % 40}: nộp trước 17:00.`;
    for (let n = 0; n < 80; n++) {
      h.enqueue(7200 + n, textFor(n), n % 3 === 0 ? { message: { choices: [[{ label: `Mở ${n % 40}`, data: `open:${n % 40}` }]] } } : {});
    }

    await h.sender.tick();

    for (let n = 0; n < 80; n++) {
      const sent = h.fake.sentMessages(7200 + n);
      expect(sent.map((m) => m.text)).toEqual([textFor(n)]);
      expect(sent[0]!.buttons).toEqual(n % 3 === 0 ? [[{ text: `Mở ${n % 40}`, callback_data: `open:${n % 40}` }]] : []);
    }
  });
});
