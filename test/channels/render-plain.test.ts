import { describe, expect, it } from 'vitest';
import { renderPlain } from '../../src/channels/render-plain.js';
import { splitText } from '../../src/channels/split-text.js';
import { CAPABILITIES } from '../../src/core/capabilities.js';
import { offeredOf, pickOffered } from '../../src/core/choices.js';
import type { OutboundMessage } from '../../src/core/messages.js';

const zalo = (m: OutboundMessage) => renderPlain(m, CAPABILITIES.zalo);

describe('rendering for a channel without buttons', () => {
  it('numbers the choices, writes the link out and drops the formatting', () => {
    const [text] = zalo({
      text: '**Thông báo** họp _giao ban_.',
      format: 'basic',
      choices: [[{ label: '✅ Đã nhận', data: 'ack:1' }]],
      link: { label: 'Tải tệp lên qua trang web', url: 'https://caunoi.test/upload/abc' },
    });
    expect(text).toBe(
      'Thông báo họp giao ban.\n\n1. ✅ Đã nhận\n(Anh/chị trả lời bằng số thứ tự, hoặc gõ tên lựa chọn.)\n\nTải tệp lên qua trang web: https://caunoi.test/upload/abc',
    );
  });

  it('keeps the numbers of choices already listed in the text and offers the others as words', () => {
    const message: OutboundMessage = {
      text: 'Câu 1/1: Hình thức?\n1. Trực tiếp\n2. Trực tuyến',
      choices: [[{ label: 'Trực tiếp', data: 'say:1', listed: true }], [{ label: 'Trực tuyến', data: 'say:2', listed: true }], [{ label: 'Hủy', data: 'cancel' }]],
    };
    expect(zalo(message)).toEqual(['Câu 1/1: Hình thức?\n1. Trực tiếp\n2. Trực tuyến\n\nHoặc gõ: “Hủy”.']);
    const offered = offeredOf(message);
    expect(['2', 'trực tuyến', 'truc tuyen', 'TRUC TUYEN.', 'huy', '3'].map((t) => pickOffered(offered, t))).toEqual(['say:2', 'say:2', 'say:2', 'say:2', 'cancel', undefined]);
  });

  it('numbers nothing where the answer is typed, so "2" stays an answer', () => {
    const message: OutboundMessage = { text: 'Câu 1/4: Số hoạt động?', typedAnswer: true, choices: [[{ label: 'Bỏ qua', data: 'say:bo qua' }], [{ label: 'Hủy', data: 'cancel' }]] };
    expect(zalo(message)).toEqual(['Câu 1/4: Số hoạt động?\n\nHoặc gõ: “Bỏ qua”, “Hủy”.']);
    expect(pickOffered(offeredOf(message), '2')).toBeUndefined();
    expect(pickOffered(offeredOf(message), 'Bo qua')).toBe('say:bo qua');
  });

  it('picks a long label by its first words when only one label starts so', () => {
    const offered = offeredOf({ text: 'x', choices: [[{ label: 'Xong, trả lời câu hỏi', data: 'done' }], [{ label: 'Hủy', data: 'cancel' }]] });
    expect(pickOffered(offered, 'xong')).toBe('done');
    expect(pickOffered(offered, 'x')).toBeUndefined();
  });

  it('leaves Telegram its buttons and formatting', () => {
    expect(renderPlain({ text: 'a', choices: [[{ label: 'B', data: 'b' }]] }, CAPABILITIES.telegram)).toEqual(['a']);
  });
});

describe('splitText', () => {
  it('splits at 2,000 on a word boundary', () => {
    const text = Array.from({ length: 600 }, (_, i) => `chữ${i}`).join(' ');
    const parts = splitText(text, 2000);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });

  it('never cuts inside an emoji sequence when there is no space to cut at', () => {
    const family = '👨‍👩‍👧';
    const text = family.repeat(400); // 8 UTF-16 units each, no spaces
    const parts = splitText(text, 2000);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    for (const p of parts) expect(p.replaceAll(family, '')).toBe('');
    expect(parts.join('')).toBe(text);
  });
});
