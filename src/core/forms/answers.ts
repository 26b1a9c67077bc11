import { cleanText, foldVietnamese } from '../../lib/text.js';
import { formatVnCalendarDate, fromIsoDate, readDate, todayIn, toIsoDate, type CalendarDate } from './dates.js';
import { describeAccept } from './file-kinds.js';
import { formatNumberVi, readNumber } from './numbers.js';
import type { Question, QuestionOf } from './schema.js';

/** A file question is answered by a file sent in the chat, or by a link to one. */
export type FileAnswer = { fileId: number; name?: string } | { url: string };
/** JSON-serialisable: answers are kept in the session row and in submissions.answers. */
export type AnswerValue = string | number | boolean | null | FileAnswer;

export type ParseOptions = { timeZone: string; now: Date };
export type ParseResult = { ok: true; value: AnswerValue } | { ok: false; message: string };

export const MAX_URL_LENGTH = 2000;
const SKIP_WORDS = new Set(['bo qua', 'boqua', '-', 'skip', 'bo']);
const YES = new Set(['co', 'c', 'yes', 'y', 'u', 'uh', 'um', 'dung', '1', 'ok', 'oke', 'okay', 'vang', 'da', 'dong y', 'co roi', 'roi', 'dung vay', 'dung roi', 'chinh xac']);
const NO = new Set(['khong', 'ko', 'k', 'kg', 'khg', 'hong', 'no', 'n', '0', 'khong co', 'chua', 'chua co', 'sai']);
/** Politeness particles that do not change a yes or a no ("dạ có ạ"). */
const PARTICLES = new Set(['a', 'da', 'nhe', 'nha', 'ha', 'oi', 'thua']);

export function isSkip(input: string): boolean {
  return SKIP_WORDS.has(foldVietnamese(input).replace(/[.!]+$/, ''));
}

/**
 * Reads one typed answer. Failure messages are calm Vietnamese re-asks, followed by the
 * question's help text when the author wrote one.
 */
export function parseAnswer(question: Question, input: string, opts: ParseOptions): ParseResult {
  const raw = cleanText(input);
  if (isSkip(raw)) {
    return question.required ? fail(question, 'Câu này bắt buộc, anh/chị vui lòng trả lời.') : { ok: true, value: null };
  }
  if (raw === '' && question.type !== 'file') {
    return fail(question, question.required ? 'Anh/chị vui lòng nhập câu trả lời.' : 'Anh/chị vui lòng nhập câu trả lời, hoặc gõ “bỏ qua”.');
  }
  switch (question.type) {
    case 'text':
      return parseText(question, raw);
    case 'number':
      return parseNumber(question, raw);
    case 'yesno':
      return parseYesNo(question, raw);
    case 'choice':
      return parseChoice(question, raw);
    case 'date':
      return parseDate(question, raw, opts);
    case 'url':
      return parseUrl(question, raw);
    case 'file':
      return parseFileText(question, raw);
  }
}

/**
 * A calm re-ask: what was wrong with this answer, then how to answer — the author's help when
 * the form has one, else `howTo`. Never both: an author's help usually says the same thing
 * ("trả lời bằng một con số, ví dụ 12"), and reading it twice sounds like a broken bot.
 */
function fail(question: Question, problem: string, howTo?: string): ParseResult {
  const how = question.help ?? howTo;
  return { ok: false, message: how ? `${problem}\n${how}` : problem };
}

function parseText(q: QuestionOf<'text'>, text: string): ParseResult {
  const length = Array.from(text).length;
  if (length > q.maxLength) {
    return fail(
      q,
      `Nội dung hơi dài (${formatNumberVi(length)} ký tự). Anh/chị vui lòng rút gọn trong khoảng ${formatNumberVi(q.maxLength)} ký tự rồi gửi lại.`,
    );
  }
  if (q.minLength !== undefined && length < q.minLength) {
    return fail(q, `Nội dung hơi ngắn. Anh/chị vui lòng viết ít nhất ${formatNumberVi(q.minLength)} ký tự.`);
  }
  return { ok: true, value: text };
}

function parseNumber(q: QuestionOf<'number'>, text: string): ParseResult {
  const folded = foldVietnamese(text).replace(/[.!]+$/, '');
  // "không có" to "how many models?" means 0.
  const reading = /^(khong|khong co|chua co|ko co|ko)$/.test(folded) ? ({ kind: 'number', value: 0 } as const) : readNumber(text);
  const min = q.min ?? 0;
  const range = rangeText(q.min === undefined ? 0 : q.min, q.max);
  if (reading.kind === 'none') {
    return fail(q, `Bot chưa đọc được con số trong câu trả lời “${shortQuote(text)}”.`, 'Anh/chị vui lòng trả lời bằng chữ số, ví dụ: 12.');
  }
  if (reading.kind === 'several') {
    return fail(q, `Câu trả lời “${shortQuote(text)}” có nhiều hơn một con số.`, 'Anh/chị vui lòng chỉ nhập một con số, ví dụ: 12.');
  }
  if (reading.kind === 'negative' && min >= 0) return fail(q, `Số không được âm. Anh/chị vui lòng nhập một số ${range}.`);
  const value = reading.value;
  if (q.integer && !Number.isInteger(value)) {
    return fail(q, `${formatNumberVi(value)} không phải số nguyên.`, 'Anh/chị vui lòng nhập số nguyên, ví dụ: 12.');
  }
  if (value < min || (q.max !== undefined && value > q.max)) {
    return fail(q, `Số ${formatNumberVi(value)} chưa hợp lệ: anh/chị vui lòng nhập một số ${range}.`);
  }
  return { ok: true, value };
}

/** An answer quoted back to its writer, cut when long. */
function shortQuote(text: string): string {
  const chars = Array.from(text);
  return chars.length <= 40 ? text : `${chars.slice(0, 39).join('')}…`;
}

function rangeText(min: number, max: number | undefined): string {
  if (max === undefined) return `từ ${formatNumberVi(min)} trở lên`;
  return `từ ${formatNumberVi(min)} đến ${formatNumberVi(max)}`;
}

/** Yes or no, from "có", "co", "ừ", "dạ có ạ", "ko", "chưa", "1", "0"…; undefined when neither. */
export function readYesNo(input: string): boolean | undefined {
  const words = foldVietnamese(input)
    .replace(/[.,!?~]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  const core = words.filter((w) => !PARTICLES.has(w)).join(' ');
  if (core === '') return words.length > 0 && words.includes('da') ? true : undefined; // a lone "dạ" is a yes
  if (YES.has(core)) return true;
  if (NO.has(core)) return false;
  return undefined;
}

function parseYesNo(q: QuestionOf<'yesno'>, text: string): ParseResult {
  const value = readYesNo(text);
  if (value !== undefined) return { ok: true, value };
  return fail(q, `Bot chưa hiểu “${shortQuote(text)}” là có hay không.`, 'Anh/chị vui lòng trả lời “có” hoặc “không”.');
}

function parseChoice(q: QuestionOf<'choice'>, text: string): ParseResult {
  const options = q.options;
  const numbered = /^(\d{1,2})[.)]?$/.exec(text);
  if (numbered) {
    const option = options[Number(numbered[1]) - 1];
    if (option) return { ok: true, value: option.value };
    return fail(q, `Anh/chị vui lòng chọn một số từ 1 đến ${options.length}:\n${listOptions(q)}`);
  }
  const typed = foldVietnamese(text).replace(/[.!]+$/, '');
  const folded = options.map((o) => ({ value: o.value, keys: [foldVietnamese(o.value), foldVietnamese(o.label)] }));
  const exact = folded.filter((o) => o.keys.includes(typed));
  if (exact.length === 1) return { ok: true, value: exact[0]!.value };
  const prefix = folded.filter((o) => o.keys.some((k) => k.startsWith(typed)));
  if (prefix.length === 1) return { ok: true, value: prefix[0]!.value };
  const within = prefix.length === 0 ? folded.filter((o) => o.keys.some((k) => k.includes(` ${typed}`))) : [];
  if (within.length === 1) return { ok: true, value: within[0]!.value };
  if (prefix.length > 1 || within.length > 1) {
    return fail(q, `“${text}” khớp với nhiều lựa chọn. Anh/chị vui lòng gõ số thứ tự:\n${listOptions(q)}`);
  }
  return fail(q, `Anh/chị vui lòng chọn một trong các lựa chọn sau (gõ số thứ tự):\n${listOptions(q)}`);
}

/** "1. Có kế hoạch\n2. Chưa có" */
export function listOptions(q: QuestionOf<'choice'>): string {
  return q.options.map((o, i) => `${i + 1}. ${o.label}`).join('\n');
}

function parseDate(q: QuestionOf<'date'>, text: string, opts: ParseOptions): ParseResult {
  const reading = readDate(text, opts.timeZone, opts.now);
  if (reading.kind === 'unreadable') {
    const example = formatVnCalendarDate(todayIn(opts.timeZone, opts.now));
    return fail(q, `Bot chưa đọc được ngày trong “${shortQuote(text)}”.`, `Anh/chị vui lòng nhập ngày theo dạng ngày/tháng/năm, ví dụ: ${example}.`);
  }
  if (reading.kind === 'not_real') return fail(q, `Ngày ${reading.text} không có thật. Anh/chị vui lòng kiểm tra lại.`);
  const iso = toIsoDate(reading.date);
  const today = todayIn(opts.timeZone, opts.now);
  const notBefore = bound(q.notBefore, today);
  const notAfter = bound(q.notAfter, today);
  if (notBefore && iso < toIsoDate(notBefore)) {
    return fail(q, `Ngày phải từ ${describeBound(q.notBefore!, notBefore)} trở đi. Anh/chị vui lòng kiểm tra lại.`);
  }
  if (notAfter && iso > toIsoDate(notAfter)) {
    return fail(q, `Ngày không được sau ${describeBound(q.notAfter!, notAfter)}. Anh/chị vui lòng kiểm tra lại.`);
  }
  return { ok: true, value: iso };
}

function bound(spec: string | undefined, today: CalendarDate): CalendarDate | undefined {
  if (!spec) return undefined;
  return spec === 'today' ? today : fromIsoDate(spec);
}

function describeBound(spec: string, d: CalendarDate): string {
  return spec === 'today' ? `hôm nay (${formatVnCalendarDate(d)})` : formatVnCalendarDate(d);
}

/** An http(s) link, with "https://" added to "drive.google.com/…"; undefined when not a link. */
export function readUrl(text: string): string | undefined {
  const found = /https?:\/\/\S+/i.exec(text);
  let s = found ? found[0] : text.trim();
  if (!found) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?#]\S*)?$/i.test(s)) return undefined;
    s = `https://${s}`;
  }
  s = s.replace(/[.,;:!)\]}>]+$/, '');
  try {
    const url = new URL(s);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}

function parseUrl(q: Question, text: string): ParseResult {
  if (text.length > MAX_URL_LENGTH) {
    return fail(q, `Đường link quá dài (tối đa ${formatNumberVi(MAX_URL_LENGTH)} ký tự). Anh/chị vui lòng gửi link ngắn hơn.`);
  }
  const url = readUrl(text);
  if (!url || url.length > MAX_URL_LENGTH) {
    return fail(q, 'Đây chưa phải một đường link.', 'Anh/chị vui lòng gửi một đường link bắt đầu bằng http:// hoặc https://, ví dụ: https://drive.google.com/…');
  }
  return { ok: true, value: url };
}

/** A typed answer to a file question: a link to the file is accepted, other text re-asks for the file. */
function parseFileText(q: QuestionOf<'file'>, text: string): ParseResult {
  const url = text.length <= MAX_URL_LENGTH ? readUrl(text) : undefined;
  if (url) return { ok: true, value: { url } };
  const skip = q.required ? '' : ' Nếu không gửi tệp, anh/chị gõ “bỏ qua”.';
  const how = `Anh/chị vui lòng gửi tệp ${describeAccept(q.accept)} vào cuộc trò chuyện này, hoặc gửi đường link tới tệp.${skip}`;
  // A file sent earlier in this submission answers the question before it is asked, so
  // "đã gửi ở trên rồi" here means nothing reached the bot.
  if (ALREADY_SENT.test(foldVietnamese(text))) {
    return fail(q, 'Bot chưa nhận được tệp hay đường link nào trong lần nộp này.', how);
  }
  return fail(q, 'Bot đang chờ tệp cho câu này.', how);
}

const ALREADY_SENT = /\b(da gui|gui roi|gui o tren|o tren roi|da nop|nop roi|gui truoc roi)\b/;

/** A stored answer as a reader sees it in the review summary. */
export function formatAnswer(question: Question, value: AnswerValue | undefined): string {
  if (value === null) return '(bỏ qua)';
  if (value === undefined) return '(chưa trả lời)';
  switch (question.type) {
    case 'yesno':
      return value === true ? 'Có' : 'Không';
    case 'number':
      return typeof value === 'number' ? formatNumberVi(value) : String(value);
    case 'choice':
      return question.options.find((o) => o.value === value)?.label ?? String(value);
    case 'date': {
      const d = typeof value === 'string' ? fromIsoDate(value) : undefined;
      return d ? formatVnCalendarDate(d) : String(value);
    }
    case 'file':
      // The question's label already says what the file is: only the name or the link follows it.
      if (typeof value === 'object' && 'fileId' in value) return value.name ? `tệp “${value.name}”` : 'đã đính kèm tệp';
      if (typeof value === 'object' && 'url' in value) return `link ${value.url}`;
      return String(value);
    case 'text':
    case 'url':
      return String(value);
  }
}
