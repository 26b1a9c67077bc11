import { localParts, DAY } from '../../lib/time.js';
import type { FormDefinition } from './schema.js';

/**
 * Form texts may name the requirement's own dates, so next year's campaign does not ask
 * "trong năm 2020": `{year}` (the year of the deadline), `{dueDate}` (the deadline's date) and
 * `{exampleDate}` (a plausible answer to a date question: three days before the deadline).
 */
export const FORM_PLACEHOLDERS = ['year', 'dueDate', 'exampleDate'] as const;
export type FormPlaceholder = (typeof FORM_PLACEHOLDERS)[number];
export type FormTextValues = Record<FormPlaceholder, string>;

const PLACEHOLDER = /\{([A-Za-z_]+)\}/g;

/** Placeholders a text uses that we do not know, for the form schema's error. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !(FORM_PLACEHOLDERS as readonly string[]).includes(name));
}

export function formTextValues(dueAt: Date, timeZone: string): FormTextValues {
  const due = localParts(dueAt, timeZone);
  const example = localParts(new Date(dueAt.getTime() - 3 * DAY), timeZone);
  return {
    year: String(due.year),
    dueDate: `${due.day}/${due.month}/${due.year}`,
    exampleDate: `${example.day}/${example.month}/${example.year}`,
  };
}

/** The form as a person reads it for one requirement: every placeholder filled. */
export function fillFormTexts(form: FormDefinition, values: FormTextValues): FormDefinition {
  const fill = (text: string) => text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as FormPlaceholder] : whole));
  const fillOptional = (text: string | undefined) => (text === undefined ? undefined : fill(text));
  return {
    ...form,
    title: fill(form.title),
    description: fillOptional(form.description),
    questions: form.questions.map((q) => ({ ...q, prompt: fill(q.prompt), label: fillOptional(q.label), help: fillOptional(q.help) })),
  };
}
