import { z } from 'zod';
import { foldVietnamese } from '../../lib/text.js';
import { formatAnswer, listOptions, parseAnswer, readYesNo, type AnswerValue, type ParseOptions } from '../../core/forms/answers.js';
import { acceptsFile, describeAccept } from '../../core/forms/file-kinds.js';
import { questionLabel, type FormDefinition, type Question } from '../../core/forms/schema.js';

/**
 * Filling a form, as a pure state machine: (form, state, input) → new state (+ a message to
 * re-ask with). No I/O: the conversation engine persists the state (plain JSON) in the
 * sessions table, so a restart mid-form loses nothing, and renders the prompts per channel.
 *
 * Stages: asking (one question at a time) → review (summary, when form.confirm) → complete;
 * "huỷ" at any point → cancelled.
 */
export type FormRunStage = 'asking' | 'review' | 'complete' | 'cancelled';

export const FormRunState = z.object({
  formKey: z.string(),
  stage: z.enum(['asking', 'review', 'complete', 'cancelled']),
  /** Index of the question being asked. */
  index: z.number().int().min(0),
  answers: z.record(z.string(), z.unknown()),
  /** Set when a question is re-opened from the review: answering it goes back to the review. */
  returnToReview: z.boolean(),
  /** Questions already answered by what was sent before the form (a file or link): not asked. */
  prefilled: z.array(z.string()).optional(),
});
export type FormRunState = Omit<z.output<typeof FormRunState>, 'answers'> & { answers: Record<string, AnswerValue> };

export type RunStep = { state: FormRunState; error?: string };

/** Reads a state restored from the sessions table; undefined when it is not one. */
export function restoreFormState(data: unknown): FormRunState | undefined {
  const parsed = FormRunState.safeParse(data);
  return parsed.success ? (parsed.data as FormRunState) : undefined;
}

/**
 * A new run. `prefilled` answers (e.g. the file question, answered by the file or link sent just
 * before) are kept and their questions are not asked; the review shows them and "sửa N" reopens one.
 */
export function startForm(form: FormDefinition, prefilled: Record<string, AnswerValue> = {}): FormRunState {
  const ids = Object.keys(prefilled).filter((id) => form.questions.some((q) => q.id === id));
  const start: FormRunState = { formKey: form.key, stage: 'asking', index: -1, answers: { ...prefilled }, returnToReview: false };
  if (ids.length > 0) start.prefilled = ids;
  return advance(form, start);
}

export function isComplete(state: FormRunState): boolean {
  return state.stage === 'complete';
}

export function isCancelled(state: FormRunState): boolean {
  return state.stage === 'cancelled';
}

export type CurrentQuestion = { question: Question; number: number; total: number; currentAnswer: AnswerValue | undefined };

/** The question being asked, or null in review / after the end. */
export function nextQuestion(form: FormDefinition, state: FormRunState): CurrentQuestion | null {
  if (state.stage !== 'asking') return null;
  const question = form.questions[state.index];
  if (!question) return null;
  return { question, number: state.index + 1, total: form.questions.length, currentAnswer: state.answers[question.id] };
}

const CANCEL = /^(huy|huy bo|thoat|cancel|dung lai|thoi)$/;
const BACK = /^(quay lai|quay lui|tro lai|lui lai|back)$/;
const HELP = /^(\?+|giup|tro giup|help|huong dan)$/;
const KEEP = /^(giu nguyen|giu|nhu cu)$/;
const SEND = /^(gui|gui di|nop|xac nhan|gui bao cao|dong y gui)$/;
const EDIT = /^(?:sua|chinh|sua lai)\s*(?:cau\s*)?(\d{1,3})$/;

/** Applies one typed message to the form being filled. */
export function answerCurrent(form: FormDefinition, state: FormRunState, input: string, opts: ParseOptions): RunStep {
  const command = foldVietnamese(input).replace(/[.!]+$/, '').trim();
  if (state.stage === 'complete' || state.stage === 'cancelled') {
    return { state, error: 'Biểu mẫu này đã kết thúc.' };
  }
  if (CANCEL.test(command)) return { state: { ...state, stage: 'cancelled' } };
  if (state.stage === 'review' || !form.questions[state.index]) return answerReview(form, { ...state, stage: 'review' }, command);

  const question = form.questions[state.index]!;
  if (BACK.test(command)) {
    if (state.index === 0) return { state, error: 'Đây là câu hỏi đầu tiên.' };
    return { state: { ...state, index: state.index - 1, returnToReview: false } };
  }
  if (HELP.test(command)) return { state, error: helpFor(question) };
  if (KEEP.test(command) && question.id in state.answers) return { state: advance(form, state) };

  const parsed = parseAnswer(question, input, opts);
  if (!parsed.ok) return { state, error: parsed.message };
  return { state: advance(form, { ...state, answers: { ...state.answers, [question.id]: parsed.value } }) };
}

function answerReview(form: FormDefinition, state: FormRunState, command: string): RunStep {
  if (BACK.test(command)) {
    return { state: { ...state, stage: 'asking', index: form.questions.length - 1, returnToReview: false } };
  }
  if (SEND.test(command) || readYesNo(command) === true) return { state: { ...state, stage: 'complete' } };
  const edit = EDIT.exec(command);
  if (edit) {
    const index = Number(edit[1]) - 1;
    if (!form.questions[index]) {
      return { state, error: `Biểu mẫu có ${form.questions.length} câu. Anh/chị gõ “sửa” kèm số câu, ví dụ: sửa 2.` };
    }
    return { state: { ...state, stage: 'asking', index, returnToReview: true } };
  }
  return { state, error: REVIEW_HELP };
}

const REVIEW_HELP = 'Gõ “có” để gửi, “sửa 2” để sửa câu 2, hoặc “huỷ” để huỷ.';

function advance(form: FormDefinition, state: FormRunState): FormRunState {
  const stageAfterLast: FormRunStage = form.confirm ? 'review' : 'complete';
  if (state.returnToReview) return { ...state, stage: 'review', returnToReview: false, index: form.questions.length };
  let index = state.index + 1;
  while (index < form.questions.length && state.prefilled?.includes(form.questions[index]!.id)) index++;
  return index < form.questions.length ? { ...state, index } : { ...state, index, stage: stageAfterLast };
}

/**
 * A file that arrived from outside the text flow (a document or photo in the chat).
 * questionId defaults to the question being asked; the file's type is checked against `accept`.
 */
export function attachFile(
  form: FormDefinition,
  state: FormRunState,
  file: { id: number; mimeType?: string; name?: string },
  questionId?: string,
): RunStep {
  const current = state.stage === 'asking' ? form.questions[state.index] : undefined;
  const question = questionId ? form.questions.find((q) => q.id === questionId) : current;
  if (!question || question.type !== 'file') {
    return { state, error: 'Câu hỏi này không cần gửi tệp. Anh/chị vui lòng trả lời bằng tin nhắn.' };
  }
  if (!acceptsFile(question.accept, file.mimeType, file.name)) {
    return { state, error: `Tệp này chưa đúng loại. Anh/chị vui lòng gửi ${describeAccept(question.accept)}.` };
  }
  const value: AnswerValue = file.name ? { fileId: file.id, name: file.name } : { fileId: file.id };
  const next = { ...state, answers: { ...state.answers, [question.id]: value } };
  return { state: question === current ? advance(form, next) : next };
}

/** What to say for "?": the author's help, or a hint for the question's type. */
export function helpFor(question: Question): string {
  if (question.help) return question.help;
  const skip = question.required ? '' : ' Nếu không có, gõ “bỏ qua”.';
  switch (question.type) {
    case 'number':
      return `Anh/chị trả lời bằng một con số, ví dụ: 12.${skip}`;
    case 'date':
      return `Anh/chị nhập ngày theo dạng ngày/tháng/năm, ví dụ: 23/5/2026, hoặc “hôm nay”.${skip}`;
    case 'yesno':
      return 'Anh/chị trả lời “có” hoặc “không”.';
    case 'choice':
      return `Anh/chị gõ số thứ tự của lựa chọn:\n${listOptions(question)}`;
    case 'url':
      return `Anh/chị gửi đường link, ví dụ: https://drive.google.com/…${skip}`;
    case 'file':
      return `Anh/chị gửi tệp ${describeAccept(question.accept)} vào cuộc trò chuyện này, hoặc gửi đường link tới tệp.${skip}`;
    case 'text':
      return `Anh/chị trả lời ngắn gọn bằng tin nhắn.${skip}`;
  }
}

/**
 * The plain-text message to send now: the question (numbered, with options and hints), or
 * the review summary with how to confirm. Channels with buttons may render choices instead.
 */
export function currentPrompt(form: FormDefinition, state: FormRunState, reviewExtra?: string): string {
  if (state.stage === 'review' || (state.stage === 'asking' && !form.questions[state.index])) {
    return [summary(form, state), reviewExtra, REVIEW_HELP].filter(Boolean).join('\n\n');
  }
  const current = nextQuestion(form, state);
  if (!current) return '';
  const { question, number, total, currentAnswer } = current;
  const lines = [`Câu ${number}/${total}: ${question.prompt}`];
  if (question.type === 'choice') lines.push(listOptions(question));
  if (!question.required) lines.push('(Không bắt buộc — gõ “bỏ qua” nếu không có.)');
  if (currentAnswer !== undefined) lines.push(`Đang ghi: ${formatAnswer(question, currentAnswer)} — gõ câu trả lời mới, hoặc “giữ nguyên”.`);
  return lines.join('\n');
}

const SUMMARY_TEXT_LIMIT = 200;

/** Vietnamese review text: each question's short label and answer. */
export function summary(form: FormDefinition, state: FormRunState): string {
  const lines = form.questions.map((q, i) => {
    let answer = formatAnswer(q, state.answers[q.id]);
    if (Array.from(answer).length > SUMMARY_TEXT_LIMIT) answer = `${Array.from(answer).slice(0, SUMMARY_TEXT_LIMIT).join('')}…`;
    return `${i + 1}. ${questionLabel(q)}: ${answer}`;
  });
  return [`Tóm tắt “${form.title}”:`, ...lines].join('\n');
}
