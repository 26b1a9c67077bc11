import { describe, expect, it } from 'vitest';
import { toPlainText, toTelegramHtml } from '../../src/lib/formatting.js';

describe('broadcast formatting subset', () => {
  it('renders bold, italic, links and line breaks as Telegram HTML', () => {
    expect(toTelegramHtml('**Khẩn**: nộp _kế hoạch_ tại [cổng Sở](https://sgddt.nghean.gov.vn/nop?a=1&b=2)\r\nHạn 23/5')).toBe(
      '<b>Khẩn</b>: nộp <i>kế hoạch</i> tại <a href="https://sgddt.nghean.gov.vn/nop?a=1&amp;b=2">cổng Sở</a>\nHạn 23/5',
    );
  });

  it('escapes & < > everywhere, so a stray "<" never breaks the message', () => {
    expect(toTelegramHtml('Điểm < 5 & > 3 <b>không phải thẻ</b>')).toBe('Điểm &lt; 5 &amp; &gt; 3 &lt;b&gt;không phải thẻ&lt;/b&gt;');
    expect(toTelegramHtml('**a < b**')).toBe('<b>a &lt; b</b>');
  });

  it('nests italic and bold inside a link, and italic inside bold', () => {
    expect(toTelegramHtml('[**Mẫu** _số 1_](https://x.vn/m)')).toBe('<a href="https://x.vn/m"><b>Mẫu</b> <i>số 1</i></a>');
    expect(toTelegramHtml('**rất _quan trọng_**')).toBe('<b>rất <i>quan trọng</i></b>');
  });

  it('leaves what is not the subset as typed: snake_case, lone markers, unclosed pairs, odd links', () => {
    for (const text of ['file_ke_hoach_2026.pdf', '2 * 3 = 6', '**chưa đóng', '_ a _', '[link](javascript:alert(1))', '** **']) {
      expect(toPlainText(text)).toBe(text);
      expect(toTelegramHtml(text)).toBe(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
  });

  it('writes plain text for channels without formatting: markers dropped, links spelled out', () => {
    expect(toPlainText('**Khẩn**: xem [hướng dẫn](https://x.vn/hd) hoặc [https://x.vn](https://x.vn)')).toBe(
      'Khẩn: xem hướng dẫn (https://x.vn/hd) hoặc https://x.vn',
    );
  });

  it('keeps a marker from running across lines', () => {
    expect(toTelegramHtml('**dòng 1\ndòng 2**')).toBe('**dòng 1\ndòng 2**');
  });
});
