import { Telegraf } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { inlineKeyboard, messageText, splitText, TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram/render.js';
import { TelegramChannelSender } from '../../src/channels/telegram/sender.js';
import type { Db } from '../../src/db/client.js';
import { FakeTelegramBotApi } from '../fakes/telegram-bot-api.js';

/** A paragraph of Vietnamese text of about `length` characters. */
function paragraph(n: number, length: number): string {
  const sentence = `Đoạn ${n}: Các đơn vị trường học rà soát, báo cáo kết quả thực hiện kế hoạch năm học. `;
  return sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length).trimEnd() + '.';
}

describe('splitText', () => {
  it('leaves a short text whole', () => {
    expect(splitText('Xin chào thầy/cô.')).toEqual(['Xin chào thầy/cô.']);
  });

  it('splits a long text under 4096 at paragraph boundaries, losing nothing', () => {
    const paragraphs = Array.from({ length: 10 }, (_, i) => paragraph(i + 1, 1500));
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(3 * TELEGRAM_TEXT_LIMIT);

    const parts = splitText(text);

    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      // Each part is whole paragraphs: it starts where one starts and ends where one ends.
      expect(paragraphs.some((p) => part.startsWith(p))).toBe(true);
      expect(paragraphs.some((p) => part.endsWith(p))).toBe(true);
    }
    expect(parts.join('\n\n')).toBe(text);
  });

  it('falls back to line, then word boundaries inside a huge paragraph', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `Dòng ${i + 1}: trường THCS số ${i + 1} đã nộp báo cáo đúng hạn.`);
    const byLine = splitText(lines.join('\n'), 1000);
    for (const part of byLine) {
      expect(part.length).toBeLessThanOrEqual(1000);
      expect(lines).toContain(part.split('\n').at(-1));
    }
    expect(byLine.join('\n')).toBe(lines.join('\n'));

    const words = 'báo cáo '.repeat(1000).trim();
    const byWord = splitText(words, 500);
    for (const part of byWord) {
      expect(part.length).toBeLessThanOrEqual(500);
      // Whole words only.
      expect(part.split(' ').every((w) => w === 'báo' || w === 'cáo')).toBe(true);
    }
    expect(byWord.join(' ')).toBe(words);
  });

  it('cuts text without any break at the limit, never inside an emoji', () => {
    const text = 'x'.repeat(99) + '📎'.repeat(60);
    const parts = splitText(text, 100);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      expect(part).toBe(Buffer.from(part, 'utf8').toString('utf8'));
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(part)).toBe(false);
    }
    expect(parts.join('')).toBe(text);
  });

  it('never yields a blank part (Telegram refuses an empty message)', () => {
    const parts = splitText(`${' '.repeat(300)}${'a'.repeat(60)}${' '.repeat(300)}\n\n${'b'.repeat(60)}`, 100);
    expect(parts.every((p) => p.trim() !== '')).toBe(true);
    expect(parts).toEqual(['a'.repeat(60), 'b'.repeat(60)]);
  });
});

describe('inlineKeyboard and messageText', () => {
  it('turns rows of choices into rows of callback buttons', () => {
    const keyboard = inlineKeyboard({
      text: 'Chọn yêu cầu',
      choices: [[{ label: '1. Kế hoạch', data: 'r:12' }], [{ label: 'Có', data: 'say:co' }, { label: 'Không', data: 'say:khong' }]],
    });
    expect(keyboard).toEqual([
      [{ text: '1. Kế hoạch', callback_data: 'r:12' }],
      [
        { text: 'Có', callback_data: 'say:co' },
        { text: 'Không', callback_data: 'say:khong' },
      ],
    ]);
    expect(inlineKeyboard({ text: 'Không có nút' })).toBeUndefined();
  });

  it('keeps callback_data within 64 bytes, cutting on a whole character', () => {
    const keyboard = inlineKeyboard({
      text: 'x',
      choices: [
        [{ label: 'Dài', data: 'say:Trường THPT Nam Đàn 1 – báo cáo tổng kết năm học 2019-2020 của nhà trường' }],
        [{ label: 'Emoji', data: 'say:' + '📎'.repeat(20) }],
        [{ label: 'Emoji lệch', data: 'say:x' + '📎'.repeat(20) }],
      ],
    })!;
    for (const [button] of keyboard) {
      const data = (button as { callback_data: string }).callback_data;
      expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
      expect(Buffer.byteLength(data, 'utf8')).toBeGreaterThan(58);
      expect(Buffer.from(data, 'utf8').toString('utf8')).toBe(data);
    }
    expect(keyboard[2]![0]).toEqual({ text: 'Emoji lệch', callback_data: 'say:x' + '📎'.repeat(14) });
  });

  it('an https link becomes a URL button above the choices; the text is unchanged', () => {
    const message = {
      text: 'Bấm để tải tệp lên:',
      link: { label: 'Tải tệp lên', url: 'https://caunoi.example.vn/upload/abc' },
      choices: [[{ label: 'Huỷ', data: 'cancel' }]],
    };
    expect(inlineKeyboard(message)).toEqual([
      [{ text: 'Tải tệp lên', url: 'https://caunoi.example.vn/upload/abc' }],
      [{ text: 'Huỷ', callback_data: 'cancel' }],
    ]);
    expect(messageText(message)).toBe('Bấm để tải tệp lên:');
  });

  it('an http link is written into the text instead of a button', () => {
    const message = { text: 'Bấm để tải tệp lên:', link: { label: 'Tải tệp lên', url: 'http://192.168.1.10:3000/upload/abc' } };
    expect(inlineKeyboard(message)).toBeUndefined();
    expect(messageText(message)).toBe('Bấm để tải tệp lên:\nhttp://192.168.1.10:3000/upload/abc');
  });
});

describe('TelegramChannelSender through the fake Bot API', () => {
  let fake: FakeTelegramBotApi | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('sends a long message as several parts, buttons on the last, all accepted by the Bot API', async () => {
    fake = await FakeTelegramBotApi.start();
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    const sender = new TelegramChannelSender(bot, () => ({ db: undefined as unknown as Db, filesDir: '' }));
    const paragraphs = Array.from({ length: 6 }, (_, i) => paragraph(i + 1, 1800));

    const { messageId } = await sender.send('321', {
      text: paragraphs.join('\n\n'),
      link: { label: 'Mở trang nộp bài', url: 'https://caunoi.example.vn/upload/xyz' },
      choices: [[{ label: 'Xong', data: 'done' }]],
    });

    const sent = fake.sentMessages(321);
    expect(sent.length).toBe(3);
    expect(sent.every((m) => m.text.length <= TELEGRAM_TEXT_LIMIT)).toBe(true);
    expect(sent.map((m) => m.text).join('\n\n')).toBe(paragraphs.join('\n\n'));
    expect(sent.slice(0, -1).every((m) => m.buttons.length === 0)).toBe(true);
    expect(sent.at(-1)!.buttons).toEqual([
      [{ text: 'Mở trang nộp bài', url: 'https://caunoi.example.vn/upload/xyz' }],
      [{ text: 'Xong', callback_data: 'done' }],
    ]);
    expect(messageId).toBe(String(sent.at(-1)!.messageId));
  });

  it('an http link arrives as text the person can tap', async () => {
    fake = await FakeTelegramBotApi.start();
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    const sender = new TelegramChannelSender(bot, () => ({ db: undefined as unknown as Db, filesDir: '' }));
    await sender.send('322', { text: 'Trang nộp bài:', link: { label: 'Mở', url: 'http://10.0.0.5:3000/upload/q' } });
    const [message] = fake.sentMessages(322);
    expect(message!.text).toBe('Trang nộp bài:\nhttp://10.0.0.5:3000/upload/q');
    expect(message!.buttons).toEqual([]);
  });
});
