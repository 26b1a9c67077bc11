import { z } from 'zod';
import { FORM_PLACEHOLDERS, unknownPlaceholders } from './template.js';

/**
 * Report forms are data: the same schema validates bot-flows/forms/*.yaml at start and
 * POST /api/v1/forms, so staff can add next year's form without a release.
 * Objects are strict so a typo ("requried") is an error naming the path, not a silent default.
 */

const DATE_BOUND = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" that is a real calendar date, or "today" (resolved when a person answers). */
const DateBound = z
  .string()
  .refine((s) => s === 'today' || isRealIsoDate(s), 'must be a date YYYY-MM-DD or "today"');

export function isRealIsoDate(s: string): boolean {
  const m = DATE_BOUND.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export const FILE_KINDS = ['pdf', 'doc', 'xls', 'odt', 'image'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Text a person reads; it may use the placeholders of template.ts ({year}, {dueDate}, {exampleDate}). */
const FormText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((text, ctx) => {
      for (const name of unknownPlaceholders(text)) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}}; use ${FORM_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` });
      }
    });

const base = {
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _ (1–40), starting with a letter'),
  /** The question the bot asks, in Vietnamese. */
  prompt: FormText(1000),
  /** Short label for the review summary ("Ngày ký"); the prompt is used when missing. */
  label: FormText(80).optional(),
  /** Shown when the person types "?" or answers in a way we cannot read. */
  help: FormText(1000).optional(),
  required: z.boolean().default(true),
};

const TextQuestion = z
  .strictObject({
    ...base,
    type: z.literal('text'),
    minLength: z.number().int().min(0).max(10_000).optional(),
    maxLength: z.number().int().min(1).max(10_000).default(1000),
  })
  .refine((q) => q.minLength === undefined || q.minLength <= q.maxLength, {
    message: 'minLength must not exceed maxLength',
    path: ['minLength'],
  });

const NumberQuestion = z
  .strictObject({
    ...base,
    type: z.literal('number'),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    integer: z.boolean().default(true),
  })
  .refine((q) => q.min === undefined || q.max === undefined || q.min <= q.max, {
    message: 'min must not exceed max',
    path: ['min'],
  });

const ChoiceOption = z.strictObject({
  value: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1).max(200),
});

const ChoiceQuestion = z.strictObject({
  ...base,
  type: z.literal('choice'),
  options: z
    .array(ChoiceOption)
    .min(2, 'a choice needs at least 2 options')
    .max(20, 'a choice has at most 20 options')
    .superRefine((options, ctx) => {
      const seen = new Set<string>();
      options.forEach((o, i) => {
        if (seen.has(o.value)) ctx.addIssue({ code: 'custom', message: `duplicate option value "${o.value}"`, path: [i, 'value'] });
        seen.add(o.value);
      });
    }),
});

const YesNoQuestion = z.strictObject({ ...base, type: z.literal('yesno') });

const DateQuestion = z
  .strictObject({
    ...base,
    type: z.literal('date'),
    notBefore: DateBound.optional(),
    notAfter: DateBound.optional(),
  })
  .refine(
    (q) => !q.notBefore || !q.notAfter || q.notBefore === 'today' || q.notAfter === 'today' || q.notBefore <= q.notAfter,
    { message: 'notBefore must not be after notAfter', path: ['notBefore'] },
  );

const FileQuestion = z.strictObject({
  ...base,
  type: z.literal('file'),
  /** Kinds of file accepted; any kind when missing. */
  accept: z.array(z.enum(FILE_KINDS)).min(1).optional(),
});

const UrlQuestion = z.strictObject({ ...base, type: z.literal('url') });

export const Question = z.discriminatedUnion('type', [
  TextQuestion,
  NumberQuestion,
  ChoiceQuestion,
  YesNoQuestion,
  DateQuestion,
  FileQuestion,
  UrlQuestion,
]);

export const QUESTION_TYPES = ['text', 'number', 'choice', 'yesno', 'date', 'file', 'url'] as const;

export const FormDefinition = z
  .strictObject({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'lower-case letters, digits, _ and - (2–64), starting with a letter or digit'),
    title: FormText(300),
    description: z.string().trim().max(2000).optional(),
    questions: z.array(Question).min(1, 'a form needs at least one question').max(100),
    /** Show a summary for review before submitting. */
    confirm: z.boolean().default(true),
  })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: `duplicate question id "${q.id}"`, path: ['questions', i, 'id'] });
      seen.add(q.id);
    });
  });

export type FormDefinition = z.output<typeof FormDefinition>;
/** What an author writes (defaults not yet applied). */
export type FormDefinitionInput = z.input<typeof FormDefinition>;
export type Question = z.output<typeof Question>;
export type QuestionType = Question['type'];
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;

export type FormIssue = { path: string; message: string };

/** Validates unknown data; issues carry a dotted path such as "questions.2.options". */
export function validateForm(data: unknown): { ok: true; form: FormDefinition } | { ok: false; issues: FormIssue[] } {
  const result = FormDefinition.safeParse(data);
  if (result.success) return { ok: true, form: result.data };
  return { ok: false, issues: result.error.issues.flatMap(toFormIssues) };
}

function toFormIssues(issue: z.core.$ZodIssue): FormIssue[] {
  const path = issue.path.map(String);
  // Name the misspelt field itself, so the 400 points at it.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: `unknown field "${key}"` }));
  }
  return [{ path: path.join('.'), message: issue.message }];
}

/** The label shown in summaries: the author's short label, else the prompt. */
export function questionLabel(q: Question): string {
  return q.label ?? q.prompt;
}
