import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from './errors.js';

export const MB = 1024 * 1024;

/** The default for every route: JSON bodies are small; 1 MB is thousands of units' worth of fields. */
export const DEFAULT_BODY_LIMIT_BYTES = 1 * MB;

/**
 * Routes that take files, each with its own, larger limit (a bodyLimit middleware on the route).
 * Everything else gets the default before the body is read.
 */
const FILE_ROUTES: RegExp[] = [
  /^\/api\/v1\/units\/import\/?$/,
  /^\/api\/v1\/requirements\/[^/]+\/submissions\/?$/,
  /^\/upload\/[^/]+\/?$/,
  /^\/simulator\/api\/send\/?$/,
  // The dashboard's own uploads: a broadcast's attachment, a unit spreadsheet.
  /^\/broadcasts\/?$/,
  /^\/admin\/units\/import\/?$/,
];

const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/**
 * A route's body limit, answered with the usual error body (413, field 'body' unless told).
 * Hono's bodyLimit first asks for `c.req.raw.body`, which makes @hono/node-server build a full
 * `Request` with a body stream for every request, GETs included (~10% of a webhook update's
 * CPU). The headers settle most requests without that: no body on GET/HEAD, and a declared
 * Content-Length, which Node's parser holds the body to. Only a chunked body is counted as read.
 */
export function jsonBodyLimit(maxSize: number, message = `body: larger than ${mb(maxSize)}`, field = 'body'): MiddlewareHandler {
  const tooLarge = (c: Context) => c.json(errorBody('limit', message, field), 413);
  const counting = bodyLimit({ maxSize, onError: tooLarge });
  return (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const headers = c.req.raw.headers;
    const declared = headers.get('content-length');
    if (declared !== null && !headers.has('transfer-encoding')) {
      return Number.parseInt(declared, 10) > maxSize ? Promise.resolve(tooLarge(c)) : next();
    }
    return counting(c, next);
  };
}

/** App-wide: the default limit on every route except the file routes above. */
export function defaultBodyLimit(maxSize = DEFAULT_BODY_LIMIT_BYTES): MiddlewareHandler {
  const limit = jsonBodyLimit(maxSize);
  return (c, next) => (FILE_ROUTES.some((route) => route.test(c.req.path)) ? next() : limit(c, next));
}
