import { Hono } from 'hono';
import type { OaWebhookEvent } from './api-types.js';
import { checkWebhookSignature } from './signature.js';

export type WebhookKeys = { appId: string; oaSecretKey: string };

/**
 * POST /zalo-oa/webhook. The signature is checked over the raw bytes before anything is parsed
 * or stored (401 when missing or wrong). The unsigned `{}` Zalo sends when the URL is saved is
 * answered 200 and ignored. A signed event goes to `accept`, which resolves once it is stored,
 * so the 200 (Zalo wants it within 2 s) is sent only once the event is durable.
 */
export function oaWebhookRoutes(keys: WebhookKeys, accept: (event: OaWebhookEvent) => Promise<unknown>): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    const raw = await c.req.text();
    const signature = c.req.header('x-zevent-signature');
    if (!signature && isEmptyProbe(raw)) return c.json({ ok: true });
    const check = checkWebhookSignature({ ...keys, rawBody: raw, signature, timestampHeader: c.req.header('x-zevent-timestamp') });
    if (check !== 'ok') {
      return c.json({ code: 'unauthorized', message: `X-ZEvent-Signature: ${check}`, field: 'X-ZEvent-Signature' }, 401);
    }
    let event: OaWebhookEvent;
    try {
      event = JSON.parse(raw) as OaWebhookEvent;
    } catch {
      return c.json({ code: 'invalid', message: 'body: not valid JSON', field: 'body' }, 400);
    }
    if (typeof event !== 'object' || event === null || typeof event.event_name !== 'string') {
      return c.json({ code: 'invalid', message: 'event_name: required', field: 'event_name' }, 400);
    }
    await accept(event);
    return c.json({ ok: true });
  });
  return app;
}

function isEmptyProbe(raw: string): boolean {
  const t = raw.trim();
  if (t === '') return true;
  try {
    const v = JSON.parse(t) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
  } catch {
    return false;
  }
}
