import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatAnswer, parseAnswer, type ParseOptions } from '../../src/core/forms/answers.js';
import { FormLoadError, loadFormsFromDir, parseFormText } from '../../src/core/forms/load.js';
import {
  answerCurrent,
  attachFile,
  currentPrompt,
  isCancelled,
  isComplete,
  nextQuestion,
  restoreFormState,
  startForm,
  summary,
  type FormRunState,
} from '../../src/conversation/forms/run.js';
import { FormDefinition, validateForm, type Question } from '../../src/core/forms/schema.js';
import { fillFormTexts, formTextValues } from '../../src/core/forms/template.js';
import { BUILTIN_FORMS_DIR, loadBuiltinForms } from '../../src/domain/forms.js';
import { DomainError } from '../../src/core/errors.js';

// 10:00 on 15/5/2026 in Vietnam.
const opts: ParseOptions = { timeZone: 'Asia/Ho_Chi_Minh', now: new Date('2026-05-15T03:00:00Z') };
const q = (data: Record<string, unknown>): Question => FormDefinition.parse({ key: 'tmp', title: 'T', questions: [{ id: 'x', prompt: 'p', ...data }] }).questions[0]!;
const ok = (question: Question, input: string) => {
  const r = parseAnswer(question, input, opts);
  if (!r.ok) throw new Error(`expected "${input}" to be accepted, got: ${r.message}`);
  return r.value;
};
const refused = (question: Question, input: string) => {
  const r = parseAnswer(question, input, opts);
  if (r.ok) throw new Error(`expected "${input}" to be refused, got ${JSON.stringify(r.value)}`);
  return r.message;
};

describe('form schema', () => {
  const base = { key: 'bao-cao-2021', title: 'Báo cáo', questions: [{ id: 'a', type: 'text', prompt: 'Hỏi?' }] };
  const issues = (data: unknown) => {
    const r = validateForm(data);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.issues;
  };

  it('applies defaults to a minimal form', () => {
    const r = validateForm(base);
    expect(r.ok && r.form).toMatchObject({ confirm: true, questions: [{ required: true, maxLength: 1000 }] });
  });

  it('names the path of each problem', () => {
    expect(issues({ ...base, key: 'Bad Key' })[0]!.path).toBe('key');
    expect(issues({ ...base, questions: [] })[0]!.path).toBe('questions');
    const choice = issues({ ...base, questions: [...base.questions, { id: 'b', type: 'choice', prompt: 'p', options: [{ value: 'x', label: 'X' }] }] });
    expect(choice[0]).toMatchObject({ path: 'questions.1.options', message: expect.stringContaining('at least 2') });
    const dupOption = issues({
      ...base,
      questions: [{ id: 'b', type: 'choice', prompt: 'p', options: [{ value: 'x', label: 'X' }, { value: 'x', label: 'Y' }] }],
    });
    expect(dupOption[0]!.path).toBe('questions.0.options.1.value');
    expect(issues({ ...base, questions: [{ id: '1abc', type: 'text', prompt: 'p' }] })[0]!.path).toBe('questions.0.id');
    expect(issues({ ...base, questions: [{ id: 'a', type: 'slider', prompt: 'p' }] })[0]!.path).toBe('questions.0.type');
    expect(issues({ ...base, questions: [{ id: 'a', type: 'text', prompt: 'p', requried: false }] })[0]).toEqual({
      path: 'questions.0.requried',
      message: 'unknown field "requried"',
    });
    expect(issues({ ...base, questions: [{ id: 'd', type: 'date', prompt: 'p', notAfter: '2026-02-30' }] })[0]!.path).toBe('questions.0.notAfter');
    expect(issues({ ...base, questions: [{ id: 'n', type: 'number', prompt: 'p', min: 10, max: 1 }] })[0]!.path).toBe('questions.0.min');
    expect(issues({ ...base, questions: [{ id: 'f', type: 'file', prompt: 'p', accept: ['exe'] }] })[0]!.path).toBe('questions.0.accept.0');
    const dupIds = issues({ ...base, questions: [base.questions[0], { id: 'a', type: 'number', prompt: 'q' }] });
    expect(dupIds[0]).toEqual({ path: 'questions.1.id', message: 'duplicate question id "a"' });
  });
});

describe('loading forms from bot-flows/forms', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('loads both shipped forms of the 1234/KH-SGDĐT plan', () => {
    const forms = loadBuiltinForms();
    const plan = forms.find((f) => f.key === 'ke-hoach-dan-van-kheo')!;
    const report = forms.find((f) => f.key === 'bao-cao-dan-van-kheo')!;
    expect(plan.questions.map((x) => [x.id, x.type, x.required])).toEqual([
      ['ngay_ky', 'date', true],
      ['nguoi_phu_trach', 'text', true],
      ['dien_thoai', 'text', false],
      ['ghi_chu', 'text', false],
    ]);
    expect(report.questions.map((x) => [x.id, x.type, x.required])).toEqual([
      ['so_hoat_dong', 'number', true],
      ['so_mo_hinh', 'number', true],
      ['so_nguoi_duoc_tiep_can', 'number', true],
      ['so_cbgv_hoc_tap', 'number', true],
      ['mo_hinh_tieu_bieu', 'text', true],
      ['kho_khan_de_xuat', 'text', false],
      ['tep_bao_cao', 'file', false],
    ]);
    expect(report.questions[0]!.prompt).toBe('Đơn vị đã tổ chức bao nhiêu hoạt động, buổi tuyên truyền về công tác dân vận trong năm {year}?');
    expect(BUILTIN_FORMS_DIR).toMatch(/bot-flows[/\\]forms$/);
  });

  it('names the file and path of every problem, and duplicate keys across files', () => {
    dir = mkdtempSync(join(tmpdir(), 'forms-'));
    writeFileSync(join(dir, 'a.yaml'), 'key: mot\ntitle: Một\nquestions:\n  - { id: a, type: text, prompt: Hỏi }\n');
    writeFileSync(join(dir, 'b.yaml'), 'key: mot\ntitle: Trùng\nquestions:\n  - { id: a, type: text, prompt: Hỏi }\n');
    writeFileSync(join(dir, 'c.yml'), 'key: hai\ntitle: Hai\nquestions:\n  - { id: a, type: choice, prompt: Chọn, options: [] }\n');
    writeFileSync(join(dir, 'd.yaml'), 'key: ba\ntitle: [oops\n');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    let error: unknown;
    try {
      loadFormsFromDir(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FormLoadError);
    const problems = (error as FormLoadError).problems;
    expect(problems).toEqual([
      { file: 'b.yaml', path: 'key', message: 'key "mot" is already used by a.yaml' },
      { file: 'c.yml', path: 'questions.0.options', message: 'a choice needs at least 2 options' },
      { file: 'd.yaml', path: '', message: expect.stringMatching(/line \d+/) },
    ]);
    expect((error as Error).message).toContain('c.yml → questions.0.options');
  });

  it('parses YAML and JSON text by content type', () => {
    expect(parseFormText('key: a\ntitle: B', 'application/yaml; charset=utf-8')).toEqual({ key: 'a', title: 'B' });
    expect(parseFormText('{"key":"a"}', 'application/json')).toEqual({ key: 'a' });
    expect(() => parseFormText('{', 'application/json')).toThrow(DomainError);
    expect(() => parseFormText('a: b', 'text/plain')).toThrow(/application\/json or YAML/);
  });
});

describe('parseAnswer', () => {
  it('reads numbers as Vietnamese type them', () => {
    const n = q({ type: 'number', max: 100_000 });
    expect(ok(n, '12')).toBe(12);
    expect(ok(n, '1.200')).toBe(1200);
    expect(ok(n, '1,200')).toBe(1200);
    expect(ok(n, '1 200')).toBe(1200);
    expect(ok(n, '12 hoat dong')).toBe(12);
    expect(ok(n, 'Khoảng 35 buổi ạ')).toBe(35);
    expect(ok(n, 'không có')).toBe(0);
    // One sentence for what is wrong, one for how to answer; never the same advice twice.
    expect(refused(n, 'mười hai')).toBe('Bot chưa đọc được con số trong câu trả lời “mười hai”.\nAnh/chị vui lòng trả lời bằng chữ số, ví dụ: 12.');
    expect(refused(n, '10-12')).toContain('chỉ nhập một con số');
    expect(refused(n, '-5')).toBe('Số không được âm. Anh/chị vui lòng nhập một số từ 0 đến 100.000.');
    expect(refused(n, '1,5')).toContain('số nguyên');
    expect(refused(n, '250.000')).toBe('Số 250.000 chưa hợp lệ: anh/chị vui lòng nhập một số từ 0 đến 100.000.');
    expect(ok(q({ type: 'number', integer: false }), '1,5')).toBe(1.5);
    expect(ok(q({ type: 'number', integer: false }), '1.200,5')).toBe(1200.5);
    expect(refused(q({ type: 'number', min: 1 }), '0')).toContain('từ 1 trở lên');
  });

  it('reads yes and no with or without diacritics', () => {
    const yn = q({ type: 'yesno' });
    for (const yes of ['có', 'co', 'C', 'yes', 'y', 'ừ', 'u', 'đúng', 'dung', '1', 'Dạ có ạ', 'vâng', 'OK']) expect(ok(yn, yes)).toBe(true);
    for (const no of ['không', 'khong', 'ko', 'K', 'no', 'n', '0', 'hông', 'chưa', 'dạ không']) expect(ok(yn, no)).toBe(false);
    expect(refused(yn, 'có lẽ')).toBe('Bot chưa hiểu “có lẽ” là có hay không.\nAnh/chị vui lòng trả lời “có” hoặc “không”.');
  });

  it('reads a choice by number, value, label without diacritics or a unique prefix', () => {
    const c = q({
      type: 'choice',
      options: [
        { value: 'truc_tiep', label: 'Trực tiếp tại đơn vị' },
        { value: 'truc_tuyen', label: 'Trực tuyến' },
        { value: 'ket_hop', label: 'Kết hợp cả hai' },
      ],
    });
    expect(ok(c, '2')).toBe('truc_tuyen');
    expect(ok(c, 'ket_hop')).toBe('ket_hop');
    expect(ok(c, 'truc tuyen')).toBe('truc_tuyen');
    expect(ok(c, 'Trực tuyến')).toBe('truc_tuyen');
    expect(ok(c, 'ket')).toBe('ket_hop');
    expect(refused(c, 'truc')).toContain('khớp với nhiều lựa chọn');
    expect(refused(c, '4')).toContain('1 đến 3');
    expect(refused(c, 'hop truc tuyen')).toContain('1. Trực tiếp tại đơn vị\n2. Trực tuyến\n3. Kết hợp cả hai');
  });

  it('reads dates in the forms people use, and stores YYYY-MM-DD', () => {
    const d = q({ type: 'date' });
    expect(ok(d, '23/5/2026')).toBe('2026-05-23');
    expect(ok(d, '23/05/2026')).toBe('2026-05-23');
    expect(ok(d, '23-5-2026')).toBe('2026-05-23');
    expect(ok(d, '2026-05-23')).toBe('2026-05-23');
    expect(ok(d, '23/5')).toBe('2026-05-23');
    expect(ok(d, 'ngày 20 tháng 5 năm 2020')).toBe('2020-05-20');
    expect(ok(d, 'hôm nay')).toBe('2026-05-15');
    expect(ok(d, 'hom nay')).toBe('2026-05-15');
    expect(ok(d, 'hom qua')).toBe('2026-05-14');
    expect(ok(d, 'hôm kia')).toBe('2026-05-13');
    expect(refused(d, '31/2/2026')).toBe('Ngày 31/2/2026 không có thật. Anh/chị vui lòng kiểm tra lại.');
    expect(refused(d, 'tuần sau')).toBe('Bot chưa đọc được ngày trong “tuần sau”.\nAnh/chị vui lòng nhập ngày theo dạng ngày/tháng/năm, ví dụ: 15/5/2026.');
  });

  it('keeps dates within the bounds, "today" included, and says which', () => {
    const signed = q({ type: 'date', notBefore: '2020-05-12', notAfter: 'today' });
    expect(ok(signed, '20/5/2020')).toBe('2020-05-20');
    expect(refused(signed, '1/5/2020')).toContain('Ngày phải từ 12/5/2020 trở đi.');
    expect(refused(signed, '16/5/2026')).toContain('Ngày không được sau hôm nay (15/5/2026).');
  });

  it('reads http(s) links and adds https:// when missing', () => {
    const u = q({ type: 'url' });
    expect(ok(u, 'https://drive.google.com/file/d/abc/view')).toBe('https://drive.google.com/file/d/abc/view');
    expect(ok(u, 'drive.google.com/file/d/abc')).toBe('https://drive.google.com/file/d/abc');
    expect(ok(u, 'Link đây ạ: https://example.edu.vn/bao-cao.pdf.')).toBe('https://example.edu.vn/bao-cao.pdf');
    expect(refused(u, 'ftp://files.example.com/a')).toContain('http:// hoặc https://');
    expect(refused(u, 'javascript:alert(1)')).toContain('http:// hoặc https://');
    expect(refused(u, 'chưa có link')).toContain('http:// hoặc https://');
    expect(refused(u, `https://example.com/${'a'.repeat(2000)}`)).toContain('quá dài');
  });

  it('cleans text and asks calmly to shorten a very long message', () => {
    const t = q({ type: 'text', maxLength: 1000 });
    expect(ok(t, '  Nguyễn Văn An,\u0007 Phó Hiệu trưởng  ')).toBe('Nguyễn Văn An, Phó Hiệu trưởng');
    expect(refused(t, 'x'.repeat(5000))).toBe(
      'Nội dung hơi dài (5.000 ký tự). Anh/chị vui lòng rút gọn trong khoảng 1.000 ký tự rồi gửi lại.',
    );
    expect(refused(q({ type: 'text', minLength: 5 }), 'abc')).toContain('ít nhất 5 ký tự');
    expect(refused(t, '   ')).toBe('Anh/chị vui lòng nhập câu trả lời.');
  });

  it('lets optional questions be skipped and refuses skipping required ones', () => {
    const optional = q({ type: 'text', required: false });
    for (const skip of ['bỏ qua', 'bo qua', '-', 'skip', 'Bỏ qua.']) expect(ok(optional, skip)).toBeNull();
    expect(refused(q({ type: 'number', help: 'Nếu chưa có, gõ 0.' }), 'bo qua')).toBe('Câu này bắt buộc, anh/chị vui lòng trả lời.\nNếu chưa có, gõ 0.');
  });

  it('takes a link for a file question and re-asks for the file otherwise', () => {
    const f = q({ type: 'file', accept: ['pdf', 'doc'], required: false });
    expect(ok(f, 'drive.google.com/file/d/xyz')).toEqual({ url: 'https://drive.google.com/file/d/xyz' });
    expect(refused(f, 'gửi sau')).toContain('PDF hoặc Word (.doc, .docx)');
  });

  it('formats answers for the review summary', () => {
    expect(formatAnswer(q({ type: 'date' }), '2020-05-20')).toBe('20/5/2020');
    expect(formatAnswer(q({ type: 'yesno' }), true)).toBe('Có');
    expect(formatAnswer(q({ type: 'yesno' }), false)).toBe('Không');
    expect(formatAnswer(q({ type: 'number' }), 1234567)).toBe('1.234.567');
    expect(formatAnswer(q({ type: 'number', integer: false }), 1.5)).toBe('1,5');
    expect(formatAnswer(q({ type: 'choice', options: [{ value: 'a', label: 'Trực tiếp' }, { value: 'b', label: 'Trực tuyến' }] }), 'b')).toBe('Trực tuyến');
    expect(formatAnswer(q({ type: 'file' }), { fileId: 3, name: 'bao-cao.pdf' })).toBe('tệp “bao-cao.pdf”');
    expect(formatAnswer(q({ type: 'file' }), { url: 'https://drive.google.com/x' })).toBe('link https://drive.google.com/x');
    expect(formatAnswer(q({ type: 'text', required: false }), null)).toBe('(bỏ qua)');
  });
});

describe('filling a form', () => {
  const forms = loadBuiltinForms();
  // As the bot shows them for a requirement due 23/5/2026.
  const texts = formTextValues(new Date('2026-05-23T10:00:00Z'), 'Asia/Ho_Chi_Minh');
  const report = fillFormTexts(forms.find((f) => f.key === 'bao-cao-dan-van-kheo')!, texts);
  const plan = fillFormTexts(forms.find((f) => f.key === 'ke-hoach-dan-van-kheo')!, texts);
  const send = (form: FormDefinition, state: FormRunState, input: string) => answerCurrent(form, state, input, opts);
  /** Each step goes through JSON, as the sessions table would store it. */
  const roundTrip = (state: FormRunState) => restoreFormState(JSON.parse(JSON.stringify(state)))!;

  it('fills the results report: wrong then right, going back, skipping optionals, a file, the summary', () => {
    let state = startForm(report);
    expect(nextQuestion(report, state)).toMatchObject({ number: 1, total: 7, question: { id: 'so_hoat_dong' } });
    expect(currentPrompt(report, state)).toBe(
      'Câu 1/7: Đơn vị đã tổ chức bao nhiêu hoạt động, buổi tuyên truyền về công tác dân vận trong năm 2026?',
    );

    let step = send(report, state, 'muoi hai');
    // The form's own help says how to answer; the generic advice is not said a second time.
    expect(step.error).toBe(
      'Bot chưa đọc được con số trong câu trả lời “muoi hai”.\n' +
        'Anh/chị trả lời bằng một con số, ví dụ 12. Tính cả các buổi sinh hoạt chuyên đề, tọa đàm, tuyên truyền dưới cờ.',
    );
    state = roundTrip(step.state);
    expect(nextQuestion(report, state)!.number).toBe(1);

    state = roundTrip(send(report, state, '15 buoi').state);
    state = roundTrip(send(report, state, '2').state);
    // Going back keeps the earlier answer and shows it.
    state = roundTrip(send(report, state, 'quay lai').state);
    expect(nextQuestion(report, state)!.question.id).toBe('so_mo_hinh');
    expect(currentPrompt(report, state)).toContain('Đang ghi: 2');
    state = roundTrip(send(report, state, '3').state);
    expect(send(report, state, '?').error).toContain('Con số ước tính cũng được');
    state = roundTrip(send(report, state, '1.250').state);
    state = roundTrip(send(report, state, '48 thầy cô').state);
    state = roundTrip(send(report, state, 'Mô hình “Trường học thân thiện với phụ huynh”').state);
    expect(currentPrompt(report, state)).toContain('(Không bắt buộc — gõ “bỏ qua” nếu không có.)');
    state = roundTrip(send(report, state, 'bo qua').state);

    expect(nextQuestion(report, state)!.question.id).toBe('tep_bao_cao');
    expect(attachFile(report, state, { id: 9, mimeType: 'application/zip', name: 'x.zip' }).error).toContain('chưa đúng loại');
    state = roundTrip(attachFile(report, state, { id: 9, mimeType: 'application/pdf', name: 'bao-cao.pdf' }).state);

    expect(state.stage).toBe('review');
    expect(nextQuestion(report, state)).toBeNull();
    expect(summary(report, state)).toBe(
      [
        'Tóm tắt “Báo cáo kết quả thực hiện “Năm Dân vận khéo” 2020”:',
        '1. Số hoạt động, buổi tuyên truyền: 15',
        '2. Số mô hình “Dân vận khéo” được công nhận: 3',
        '3. Số lượt người được tuyên truyền, vận động: 1.250',
        '4. Số CB, GV, NV học tập nghị quyết về công tác dân vận: 48',
        '5. Mô hình tiêu biểu: Mô hình “Trường học thân thiện với phụ huynh”',
        '6. Khó khăn, đề xuất: (bỏ qua)',
        '7. Tệp báo cáo của đơn vị: tệp “bao-cao.pdf”',
      ].join('\n'),
    );
    expect(currentPrompt(report, state)).toContain('Gõ “có” để gửi, “sửa 2” để sửa câu 2');

    // Edit question 3 from the review, then come straight back to it.
    state = roundTrip(send(report, state, 'sửa 3').state);
    expect(nextQuestion(report, state)!.question.id).toBe('so_nguoi_duoc_tiep_can');
    state = roundTrip(send(report, state, '1.300').state);
    expect(state.stage).toBe('review');
    expect(send(report, state, 'hmm').error).toContain('Gõ “có” để gửi');
    state = roundTrip(send(report, state, 'có').state);
    expect(isComplete(state)).toBe(true);
    expect(state.answers).toEqual({
      so_hoat_dong: 15,
      so_mo_hinh: 3,
      so_nguoi_duoc_tiep_can: 1300,
      so_cbgv_hoc_tap: 48,
      mo_hinh_tieu_bieu: 'Mô hình “Trường học thân thiện với phụ huynh”',
      kho_khan_de_xuat: null,
      tep_bao_cao: { fileId: 9, name: 'bao-cao.pdf' },
    });
  });

  it('fills the plan form without diacritics and can be cancelled', () => {
    let state = startForm(plan);
    expect(send(plan, state, 'quay lại').error).toBe('Đây là câu hỏi đầu tiên.');
    expect(send(plan, state, '1/5/2020').error).toContain('từ 12/5/2020 trở đi');
    state = send(plan, state, '20/5/2020').state;
    state = send(plan, state, 'Nguyen Van An, Pho Hieu truong').state;
    state = send(plan, state, '0296 3852 123').state;
    state = send(plan, state, '-').state;
    expect(summary(plan, state)).toContain('1. Ngày ký ban hành: 20/5/2020');
    expect(summary(plan, state)).toContain('4. Ghi chú: (bỏ qua)');
    state = send(plan, state, 'quay lai').state;
    expect(nextQuestion(plan, state)!.question.id).toBe('ghi_chu');
    state = send(plan, state, 'huỷ').state;
    expect(isCancelled(state)).toBe(true);
    expect(send(plan, state, 'co').error).toBe('Biểu mẫu này đã kết thúc.');
  });

  it('completes at once without review when the form says confirm: false', () => {
    const quick = FormDefinition.parse({ key: 'nhanh', title: 'Nhanh', confirm: false, questions: [{ id: 'a', type: 'yesno', prompt: 'Đã nhận?' }] });
    const step = send(quick, startForm(quick), 'roi');
    expect(isComplete(step.state)).toBe(true);
  });

  it('refuses a file for a question that is not a file question', () => {
    const step = attachFile(plan, startForm(plan), { id: 1, mimeType: 'application/pdf' });
    expect(step.error).toContain('không cần gửi tệp');
    expect(restoreFormState({ nope: true })).toBeUndefined();
  });
});
