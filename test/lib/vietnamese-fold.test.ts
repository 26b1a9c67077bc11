import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../src/lib/text.js';

const VOWELS: [string, string][] = [
  ['a', 'a'], ['ă', 'a'], ['â', 'a'], ['e', 'e'], ['ê', 'e'], ['i', 'i'],
  ['o', 'o'], ['ô', 'o'], ['ơ', 'o'], ['u', 'u'], ['ư', 'u'], ['y', 'y'],
];
/** none, huyền, sắc, hỏi, ngã, nặng */
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];

describe('foldVietnamese (one fold for indexing and querying)', () => {
  it('folds every vowel with every tone, lower and upper case, NFC and NFD input, to its bare letter', () => {
    let checked = 0;
    for (const [vowel, bare] of VOWELS) {
      for (const tone of TONES) {
        const nfc = (vowel + tone).normalize('NFC');
        const nfd = nfc.normalize('NFD');
        for (const form of [nfc, nfd, nfc.toUpperCase(), nfd.toUpperCase()]) {
          expect(foldVietnamese(form), `${JSON.stringify(form)} (${[...form].map((c) => c.codePointAt(0)!.toString(16)).join(' ')})`).toBe(bare);
          checked++;
        }
      }
    }
    expect(checked).toBe(12 * 6 * 4);
  });

  it('folds letters with two marks ("ộ", "ữ", "ẫ") that FTS5 remove_diacritics 1 misses', () => {
    expect(foldVietnamese('Hà Nội')).toBe('ha noi');
    expect(foldVietnamese('những')).toBe('nhung');
    expect(foldVietnamese('Mẫu đơn')).toBe('mau don');
  });

  it('turns đ and Đ into d (a letter of its own, not a mark)', () => {
    expect(foldVietnamese('đăng ký')).toBe('dang ky');
    expect(foldVietnamese('ĐĂNG KÝ')).toBe('dang ky');
    expect(foldVietnamese('Đ\u0323')).toBe('d');
  });

  it('gives the same text for NFC and NFD input of a whole sentence, and collapses spaces', () => {
    const sentence = 'Xin cấp lại  bằng tốt nghiệp THCS\tđã mất';
    expect(foldVietnamese(sentence.normalize('NFD'))).toBe(foldVietnamese(sentence.normalize('NFC')));
    expect(foldVietnamese(sentence)).toBe('xin cap lai bang tot nghiep thcs da mat');
  });
});
