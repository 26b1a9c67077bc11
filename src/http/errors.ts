import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z, ZodError, ZodType } from 'zod';
import { DomainError, invalid, type DomainErrorKind } from '../core/errors.js';
import type { Logger } from '../lib/logger.js';
import { plainMessage } from './validation-messages.js';

export type ApiError = { code: string; message: string; field?: string; details?: unknown };

const STATUS: Record<DomainErrorKind, ContentfulStatusCode> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid: 400,
  closed: 409,
  limit: 413,
};

export function errorBody(code: string, message: string, field?: string, details?: unknown): ApiError {
  const body: ApiError = { code, message };
  if (field !== undefined) body.field = field;
  if (details !== undefined) body.details = details;
  return body;
}

type Source = 'body' | 'query' | 'path' | 'header' | 'form';

/** Zod issues in plain words, the first one first. */
function describeIssues(error: ZodError, source: Source) {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || source, message: plainMessage(i) }));
  return { first: issues[0] ?? { field: source, message: 'invalid input' }, issues };
}

/** Zod issues → one 400 naming the first field, with every issue listed in details. */
export function validationError(c: Context, error: ZodError, source: Source) {
  const { first, issues } = describeIssues(error, source);
  return c.json(errorBody('invalid', `${first.field}: ${first.message}`, first.field, { issues }), 400);
}

/** Validates what a handler assembled itself (a form's fields): the same 400 as the validators give. */
export function parseOrInvalid<T extends ZodType>(schema: T, value: unknown, source: Source = 'form'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { first, issues } = describeIssues(result.error, source);
  throw invalid(`${first.field}: ${first.message}`, first.field, { issues });
}

/** The app's onError: typed errors become 4xx JSON; anything else is a logged 500 without internals. */
export function handleError(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof DomainError) {
      return c.json(errorBody(err.kind, err.message, err.field, err.details), STATUS[err.kind]);
    }
    if (err instanceof HTTPException && err.status === 400) {
      // Hono's validators: the body did not parse as the media type it claims.
      const what = /json/i.test(err.message) ? 'not valid JSON' : /form/i.test(err.message) ? 'not a readable form' : undefined;
      if (what) return c.json(errorBody('invalid', `body: ${what}`, 'body'), 400);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      if (status === 415) {
        return c.json(errorBody('unsupported_media_type', 'body: this Content-Type is not accepted here (see /api/docs)', 'body'), 415);
      }
      const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 413 ? 'limit' : 'http_error';
      return c.json(errorBody(code, err.message || 'request refused'), status as ContentfulStatusCode);
    }
    if (err instanceof SyntaxError) {
      return c.json(errorBody('invalid', 'body: not valid JSON', 'body'), 400);
    }
    log.error({ err, path: c.req.path, method: c.req.method }, 'unhandled error');
    return c.json(errorBody('internal', 'Lỗi hệ thống, vui lòng thử lại sau.'), 500);
  };
}
