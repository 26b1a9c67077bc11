import type { Context } from 'hono';
import { DomainError } from '../../../core/errors.js';
import type { DashboardEnv } from '../env.js';
import { refusalPage } from '../pages/refusal.js';

export type Form = Record<string, string | File | (string | File)[]>;

/** A path or query id: decimal digits only, else undefined (the page answers 404). */
export const idParam = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value !== undefined && /^\d{1,12}$/.test(value) && Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

export const notFoundPage = (c: Context<DashboardEnv>, message = 'Không có mục này. Có thể đường dẫn đã cũ.') =>
  c.html(refusalPage('Không tìm thấy', message, c.get('session')), 404);

/** Runs a lookup; undefined when what it names does not exist (the caller answers 404). */
export function found<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not_found') return undefined;
    throw err;
  }
}

/** A text field of a posted form, trimmed to at most `max` characters ('' when absent). */
export function field(form: Form, name: string, max = 4000): string {
  const v = form[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** Every value of a repeated field (checkboxes, a multiple select). */
export function fields(form: Form, name: string): string[] {
  const v = form[name] ?? form[`${name}[]`];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

/** The posted form, every field kept (checkbox lists come back as arrays). */
export const readForm = (c: Context<DashboardEnv>): Promise<Form> => c.req.parseBody({ all: true }) as Promise<Form>;

/**
 * A user's mistake as one Vietnamese sentence for the page. Domain messages written for people
 * (Vietnamese) pass through; the API's English ones are replaced by the page's own wording per field.
 */
export function mistake(err: DomainError, wording: Record<string, string> = {}, fallback = 'Thông tin chưa đúng, anh/chị kiểm tra lại.'): string {
  if (VIETNAMESE.test(err.message)) return err.message;
  return (err.field && wording[err.field]) || fallback;
}

const VIETNAMESE = /[àáảãạăâđèéêìíòóôơùúưỳýệếềểễịọốồổỗộớờởỡợụứừửữự]/i;
