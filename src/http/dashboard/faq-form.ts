import { FaqFields, type FaqFieldsData } from '../../domain/faq-schema.js';
import type { FaqEntry } from '../../domain/faq.js';
import { invalid } from '../../core/errors.js';
import { field, type Form } from './routes/helpers.js';

/** The entry form as typed: questions one per line, keywords separated by commas. */
export type FaqDraft = {
  title: string;
  category: string;
  questions: string;
  keywords: string;
  answer: string;
  procedureCode: string;
  legalBasis: string;
  sourceUrl: string;
  lastReviewed: string;
  published: boolean;
};

export const draftOf = (e: FaqEntry): FaqDraft => ({
  title: e.title,
  category: e.category ?? '',
  questions: e.questions.join('\n'),
  keywords: e.keywords.join(', '),
  answer: e.answer,
  procedureCode: e.procedureCode ?? '',
  legalBasis: e.legalBasis ?? '',
  sourceUrl: e.sourceUrl ?? '',
  lastReviewed: e.lastReviewed ?? '',
  published: e.published,
});

export function readFaqDraft(form: Form): FaqDraft {
  return {
    title: field(form, 'title', 400),
    category: field(form, 'category', 80),
    questions: field(form, 'questions', 20_000),
    keywords: field(form, 'keywords', 6000),
    answer: field(form, 'answer', 6000),
    procedureCode: field(form, 'procedureCode', 120),
    legalBasis: field(form, 'legalBasis', 2000),
    sourceUrl: field(form, 'sourceUrl', 2000),
    lastReviewed: field(form, 'lastReviewed', 20),
    published: field(form, 'published') === '1',
  };
}

/** Each field's rule in the office's words, shown when the schema refuses it. */
const WORDING: Record<string, string> = {
  title: 'Tiêu đề: cần có, tối đa 200 ký tự.',
  category: 'Nhóm: chữ thường không dấu, số và dấu gạch ngang, ví dụ hoc-phi.',
  questions: 'Cách hỏi: mỗi dòng một câu, tối đa 300 ký tự, nhiều nhất 50 câu.',
  keywords: 'Từ khóa: cần ít nhất một (cách nhau bởi dấu phẩy), tối đa 60 từ khóa, mỗi từ khóa tối đa 80 ký tự.',
  answer: 'Câu trả lời: từ 10 đến 3.000 ký tự.',
  procedureCode: 'Mã thủ tục: tối đa 60 ký tự.',
  legalBasis: 'Căn cứ pháp lý: tối đa 1.000 ký tự.',
  sourceUrl: 'Nguồn: một địa chỉ bắt đầu bằng http:// hoặc https://.',
  lastReviewed: 'Ngày kiểm tra lại: một ngày có thật.',
};

/** The draft checked by the same schema as the API and the YAML files; a mistake names its field in Vietnamese. */
export function faqFields(d: FaqDraft): FaqFieldsData {
  const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const result = FaqFields.safeParse({
    title: d.title,
    category: optional(d.category),
    questions: d.questions.split('\n').map((q) => q.trim()).filter(Boolean),
    keywords: d.keywords.split(/[,\n]/).map((k) => k.trim()).filter(Boolean),
    answer: d.answer,
    procedureCode: optional(d.procedureCode),
    legalBasis: optional(d.legalBasis),
    sourceUrl: optional(d.sourceUrl),
    lastReviewed: optional(d.lastReviewed),
    published: d.published,
  });
  if (result.success) return result.data;
  const name = String(result.error.issues[0]?.path[0] ?? 'title');
  throw invalid(WORDING[name] ?? 'Thông tin chưa đúng, anh/chị kiểm tra lại.', name);
}
