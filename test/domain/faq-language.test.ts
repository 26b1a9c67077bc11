import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinLanguage, LANGUAGE_FILE, LanguageLoadError, parseLanguage } from '../../src/domain/faq-language.js';

const language = builtinLanguage();
const terms = (text: string) => language.analyze(text).terms;

describe('the short-form and teen-code table (bot-flows/language/vi.yaml)', () => {
  const table = parse(readFileSync(LANGUAGE_FILE, 'utf8')).abbreviations as Record<string, string[]>;

  it('reads every short form as its readings (fillers among them are dropped)', () => {
    const isFiller = (word: string) => language.analyze(word).slots.length === 0;
    for (const [form, readings] of Object.entries(table)) {
      const found = terms(form);
      for (const word of readings.flatMap((r) => r.split(' ')).filter((w) => !isFiller(w))) {
        expect(found, `${form} → ${word}`).toContain(word);
      }
    }
  });

  it('covers the common ones people type', () => {
    for (const form of ['ko', 'k', 'hok', 'dc', 'j', 'ntn', 'sao v', 'hs', 'ph', 'gv', 'thpt', 'thcs', 'tn', 'hb', 'hp', 'ad']) {
      expect(table[form], form).toBeDefined();
    }
  });

  it('expands a form with two meanings to both ("hb" → học bạ and học bổng)', () => {
    const t = terms('xin hb');
    expect(t).toEqual(expect.arrayContaining(['hoc', 'ba', 'bong', 'hoc_ba', 'hoc_bong', 'hb']));
  });

  it('expands short forms and keeps the form itself ("bang tn thpt" finds "bằng tốt nghiệp THPT")', () => {
    const t = terms('bang tn thpt');
    expect(t).toEqual(expect.arrayContaining(['bang', 'tot', 'nghiep', 'tot_nghiep', 'trung', 'pho', 'thong', 'thpt', 'bang_tot']));
    expect(terms('Bằng tốt nghiệp THPT')).toEqual(expect.arrayContaining(['tot_nghiep', 'thpt']));
  });

  it('drops fillers and question words, and pairs the syllables that remain', () => {
    expect(terms('ad oi cho e hoi hoc phi nam nay co mien ko').sort()).toEqual(['hoc', 'hoc_phi', 'mien', 'nam', 'nam_mien', 'phi', 'phi_nam']);
    expect(terms('chuyển trường').sort()).toEqual(['chuyen', 'chuyen_truong', 'truong']);
  });

  it('reads multi-word short forms as a whole ("cap 3", "sao v")', () => {
    expect(terms('chuyen truong cap 3')).toEqual(expect.arrayContaining(['trung', 'pho', 'thong']));
    expect(terms('sao v')).toEqual([]);
  });

  it('splits digits from letters ("lop10" → lop 10)', () => {
    expect(language.words('thi vao lop10')).toEqual(['thi', 'vao', 'lop', '10']);
  });

  it('recognises small talk only when nothing else is said', () => {
    expect(language.smalltalk('Chào ad ạ')).toBe('greeting');
    expect(language.smalltalk('cam on nhieu nha')).toBe('thanks');
    expect(language.smalltalk('ok')).toBe('ok');
    expect(language.smalltalk('bạn là ai')).toBe('who');
    expect(language.smalltalk('chào ad, cho hỏi chuyển trường')).toBeUndefined();
    expect(language.smalltalk('hoc phi')).toBeUndefined();
  });

  it('refuses a broken file naming the entry', () => {
    expect(() => parseLanguage({ abbreviations: { 'Kô': ['không'] }, stopwords: [], smalltalk: {} })).toThrow(LanguageLoadError);
    try {
      parseLanguage({ abbreviations: { ko: [] }, stopwords: [], smalltalk: { greeting: ['chao'], thanks: ['x'], bye: ['x'], ok: ['x'], who: ['x'], test: ['x'] } });
    } catch (err) {
      expect((err as Error).message).toContain('abbreviations.ko');
    }
  });
});
