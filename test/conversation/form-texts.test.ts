import { describe, expect, it } from 'vitest';
import type { ParseOptions } from '../../src/core/forms/answers.js';
import { FormDefinition, validateForm } from '../../src/core/forms/schema.js';
import { fillFormTexts, formTextValues } from '../../src/core/forms/template.js';
import { answerCurrent, nextQuestion, startForm, summary } from '../../src/conversation/forms/run.js';

// 10:00 on 15/5/2026 in Vietnam.
const opts: ParseOptions = { timeZone: 'Asia/Ho_Chi_Minh', now: new Date('2026-05-15T03:00:00Z') };

describe('form texts that name the requirement\'s dates', () => {
  it('refuses an unknown placeholder, naming it and the known ones', () => {
    const r = validateForm({ key: 'bc-2027', title: 'Báo cáo', questions: [{ id: 'a', type: 'text', prompt: 'Trong năm {nam}?' }] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]).toEqual({ path: 'questions.0.prompt', message: 'unknown placeholder {nam}; use {year}, {dueDate}, {exampleDate}' });
  });

  it('fills {year}, {dueDate} and {exampleDate} from the deadline in the app time zone', () => {
    // 17:00 on 31/12/2026 in Vietnam is 10:00 UTC; three days before is 28/12.
    const values = formTextValues(new Date('2026-12-31T10:00:00Z'), 'Asia/Ho_Chi_Minh');
    expect(values).toEqual({ year: '2026', dueDate: '31/12/2026', exampleDate: '28/12/2026' });
    const form = FormDefinition.parse({ key: 'x-1', title: 'Năm {year}', questions: [{ id: 'd', type: 'date', prompt: 'Ngày nào? (ví dụ {exampleDate})', help: 'Trước {dueDate}.' }] });
    const filled = fillFormTexts(form, values);
    expect(filled.title).toBe('Năm 2026');
    expect(filled.questions[0]).toMatchObject({ prompt: 'Ngày nào? (ví dụ 28/12/2026)', help: 'Trước 31/12/2026.' });
  });
});

describe('answers already given before the form starts', () => {
  const form = FormDefinition.parse({
    key: 'bc-x',
    title: 'Báo cáo',
    questions: [
      { id: 'tep', type: 'file', prompt: 'Gửi tệp' },
      { id: 'so', type: 'number', prompt: 'Bao nhiêu?' },
    ],
  });

  it('are not asked; the review shows them and "sửa 1" reopens one', () => {
    let state = startForm(form, { tep: { url: 'https://example.vn/bc.pdf' } });
    expect(nextQuestion(form, state)!.question.id).toBe('so');
    state = answerCurrent(form, state, '7', opts).state;
    expect(state.stage).toBe('review');
    expect(summary(form, state)).toContain('1. Gửi tệp: link https://example.vn/bc.pdf');
    state = answerCurrent(form, state, 'sửa 1', opts).state;
    expect(nextQuestion(form, state)!.question.id).toBe('tep');
  });

  it('a form fully answered that needs no review completes at once', () => {
    const quick = { ...form, confirm: false, questions: [form.questions[0]!] };
    expect(startForm(quick, { tep: { fileId: 1, name: 'a.pdf' } }).stage).toBe('complete');
  });
});
