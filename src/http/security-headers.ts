import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;
type Policy = NonNullable<SecureHeadersOptions['contentSecurityPolicy']>;

const SELF = "'self'";
const NONE = "'none'";

/**
 * Every page: scripts, styles, images and calls from this origin only (no inline script or
 * style, so an injected tag does nothing), never framed, no <base> or plugin tricks.
 */
export const PAGE_POLICY: Policy = {
  defaultSrc: [SELF],
  scriptSrc: [SELF],
  styleSrc: [SELF],
  imgSrc: [SELF, 'data:'],
  fontSrc: [SELF],
  connectSrc: [SELF],
  objectSrc: [NONE],
  baseUri: [NONE],
  formAction: [SELF],
  frameAncestors: [NONE],
};

const BASE: SecureHeadersOptions = {
  contentSecurityPolicy: PAGE_POLICY,
  xFrameOptions: 'DENY',
  // The upload page carries its secret in the URL: no page ever tells another site where it was.
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: false,
};

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The app-wide headers. A route that needs another policy sets it with `securityHeadersFor`;
 * this one only fills in what the response does not have yet.
 * HSTS goes out when the request came over HTTPS or the public address is HTTPS (a proxy in front).
 */
export function securityHeaders(opts: { publicBaseUrl: string }): MiddlewareHandler {
  const plain = secureHeaders({ ...BASE, overwrite: false });
  const secure = secureHeaders({ ...BASE, strictTransportSecurity: HSTS, overwrite: false });
  const publicIsHttps = opts.publicBaseUrl.startsWith('https:');
  return (c, next) => (publicIsHttps || new URL(c.req.url).protocol === 'https:' ? secure(c, next) : plain(c, next));
}

/** A per-route policy: mount as a route middleware; the app-wide one keeps what it sets. */
export function securityHeadersFor(overrides: SecureHeadersOptions): MiddlewareHandler {
  return secureHeaders({ ...BASE, ...overrides, overwrite: true });
}

/** Stored files sent as downloads: nothing in them may run, even if a browser renders one. */
export const DOWNLOAD_HEADERS: SecureHeadersOptions = {
  contentSecurityPolicy: { defaultSrc: [NONE], sandbox: [], frameAncestors: [NONE] },
};

/**
 * A same-origin file shown inside a page of ours: framed by our own pages only. Only PDFs and
 * raster images get here (their type is judged by content and sent with nosniff, so none can
 * run script as a page). No `sandbox` and no `default-src`: Chrome's PDF viewer does not
 * draw inside a sandboxed document, and it needs its own resources.
 */
export const INLINE_PREVIEW_HEADERS: SecureHeadersOptions = {
  contentSecurityPolicy: { frameAncestors: [SELF] },
  xFrameOptions: 'SAMEORIGIN',
};
