import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import type { Inbox } from '../conversation/inbox.js';
import type { InboundEvent } from '../core/messages.js';
import { webChatHistory, webPersonas } from '../domain/web-chat.js';
import { hasRole } from './auth.js';
import { signedInStaff } from './dashboard/session.js';
import type { AppEnv } from './env.js';
import { SIMULATOR_PAGE } from './simulator-page.js';
import { assetPath, staticFile } from './static-file.js';
import { jsonBodyLimit, MB } from './body-limit.js';
import { MAX_FILE_BYTES } from '../domain/files.js';
import type { WebFileDrop } from '../channels/web/file-drop.js';
import { MAX_INBOUND_TEXT } from '../conversation/engine.js';

type Persona = { id: string; label: string };

const PARENT: Persona = { id: 'phu-huynh-thu', label: 'Phụ huynh (thử)' };
const NEWCOMER: Persona = { id: 'nguoi-moi', label: 'Người mới, chưa liên kết' };

/**
 * /simulator: chat as a demo unit's contact or a parent through the real engine, on the 'web'
 * channel. Open in demo mode; otherwise only for a signed-in staff member.
 */
export function simulatorRoutes(deps: { inbox: Inbox; files: WebFileDrop; demoMode: boolean }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Style and script hold nothing private: served before the guard, like any page asset.
  app.get('/simulator.css', staticFile(assetPath('simulator.css')));
  app.get('/simulator.js', staticFile(assetPath('simulator.js')));

  app.use('*', async (c, next) => {
    if (!deps.demoMode && !hasRole(c.get('actor'), 'staff') && !signedInStaff(c)) {
      return c.json({ code: 'forbidden', message: 'Trang thử chỉ mở ở chế độ demo hoặc cho cán bộ đã đăng nhập.' }, 403);
    }
    await next();
  });

  app.get('/', (c) => c.html(SIMULATOR_PAGE));

  app.get('/api/personas', (c) => {
    const linked = webPersonas(c.get('ctx'));
    const ids = new Set(linked.map((p) => p.id));
    // A fixed persona who has since linked to a unit is listed once, under that unit.
    const fixed = [PARENT, NEWCOMER].filter((p) => !ids.has(p.id));
    const items: Persona[] = [...linked.map((r) => ({ id: r.id, label: `${r.unit} — ${r.name}` })), ...fixed];
    return c.json({ items });
  });

  app.get('/api/messages', (c) => {
    const persona = c.req.query('persona') ?? '';
    const after = Number(c.req.query('after') ?? 0) || 0;
    return c.json({ items: webChatHistory(c.get('ctx'), persona, after) });
  });

  app.post('/api/send', jsonBodyLimit(MAX_FILE_BYTES + MB, 'Tệp lớn hơn 20 MB.', 'file'), async (c) => {
    const form = await c.req.parseBody().catch(() => undefined);
    if (!form) return c.json({ code: 'invalid', message: 'body: expected a form', field: 'body' }, 400);
    const persona = typeof form.persona === 'string' ? form.persona.trim() : '';
    if (!/^[a-z0-9._-]{1,80}$/i.test(persona)) return c.json({ code: 'invalid', message: 'persona: required', field: 'persona' }, 400);
    const base = {
      channel: 'web' as const,
      updateId: randomUUID(),
      chatId: persona,
      user: { id: persona, displayName: persona === PARENT.id ? 'Phụ huynh thử' : persona === NEWCOMER.id ? 'Người mới' : persona },
    };
    let event: InboundEvent;
    if (form.file instanceof File) {
      const bytes = Buffer.from(await form.file.arrayBuffer());
      event = { ...base, kind: 'file', file: { ref: deps.files.put(bytes), name: form.file.name || 'tep', size: bytes.length } };
    } else if (typeof form.data === 'string' && form.data) {
      event = { ...base, kind: 'button', data: form.data.slice(0, 64) };
    } else if (typeof form.text === 'string' && form.text.trim()) {
      event = { ...base, kind: 'text', text: form.text.slice(0, MAX_INBOUND_TEXT + 1) };
    } else {
      return c.json({ code: 'invalid', message: 'text: write something or pick a file', field: 'text' }, 400);
    }
    await deps.inbox.accept(event);
    return c.json({ ok: true }, 202);
  });

  return app;
}
