import { parseAnswer, type AnswerValue } from '../core/forms/answers.js';
import type { Ctx } from './context.js';
import { invalid } from '../core/errors.js';
import { getForm } from './forms.js';

/**
 * Answers recorded through the API obey the requirement's form as the bot's do: each key is a
 * question of the form and each value reads as that question's type (a number stays a number).
 * Without a form, answers are kept as given.
 */
export function checkAnswers(ctx: Ctx, formKey: string | null, answers: Record<string, unknown>): Record<string, unknown> {
  const form = formKey ? getForm(ctx, formKey) : undefined;
  if (!form) return answers;
  const out: Record<string, AnswerValue> = {};
  for (const [key, value] of Object.entries(answers)) {
    const question = form.questions.find((q) => q.id === key);
    const field = `answers.${key}`;
    if (!question) throw invalid(`${field}: the form "${form.key}" has no question "${key}"`, field);
    if (value === null || value === undefined) {
      if (question.required) throw invalid(`${field}: required`, field);
      out[key] = null;
      continue;
    }
    if (question.type === 'file') {
      if (typeof value === 'string') out[key] = { url: value };
      else throw invalid(`${field}: send the file itself as \`file\`, or a link as text`, field);
      continue;
    }
    if (typeof value === 'object') throw invalid(`${field}: expected a ${question.type}`, field);
    const parsed = parseAnswer(question, String(value), { timeZone: ctx.timeZone, now: ctx.clock.now() });
    if (!parsed.ok) throw invalid(`${field}: ${parsed.message}`, field);
    out[key] = parsed.value;
  }
  return out;
}
