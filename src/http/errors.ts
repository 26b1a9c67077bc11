import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { DomainError, type DomainErrorKind } from '../domain/errors.js';
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

/** Zod issues → one 400 naming the first field, with every issue listed in details. */
export function validationError(c: Context, error: ZodError, source: 'body' | 'query' | 'path' | 'header' | 'form') {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || source, message: plainMessage(i) }));
  const first = issues[0] ?? { field: source, message: 'invalid input' };
  return c.json(errorBody('invalid', `${first.field}: ${first.message}`, first.field, { issues }), 400);
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
