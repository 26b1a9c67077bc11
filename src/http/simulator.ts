import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import type { Inbox } from '../conversation/inbox.js';
import type { InboundEvent } from '../conversation/messages.js';
import type { Db } from '../db/client.js';
import { hasRole } from './auth.js';
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
export function simulatorRoutes(deps: { db: Db; inbox: Inbox; files: WebFileDrop; demoMode: boolean }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Style and script hold nothing private: served before the guard, like any page asset.
  app.get('/simulator.css', staticFile(assetPath('simulator.css')));
  app.get('/simulator.js', staticFile(assetPath('simulator.js')));

  app.use('*', async (c, next) => {
    if (!deps.demoMode && !hasRole(c.get('actor'), 'staff')) {
      return c.json({ code: 'forbidden', message: 'Trang thử chỉ mở ở chế độ demo hoặc cho cán bộ đã đăng nhập.' }, 403);
    }
    await next();
  });

  app.get('/', (c) => c.html(SIMULATOR_PAGE));

  app.get('/api/personas', (c) => {
    const rows = deps.db.$client
      .prepare(
        `SELECT c.platform_user_id AS id, c.display_name AS name, u.name AS unit
           FROM contacts c JOIN units u ON u.id = c.unit_id
          WHERE c.channel = 'web' AND c.role = 'unit_contact' AND c.status = 'active'
          ORDER BY u.code LIMIT 200`,
      )
      .all() as { id: string; name: string; unit: string }[];
    const items: Persona[] = [...rows.map((r) => ({ id: r.id, label: `${r.unit} — ${r.name}` })), PARENT, NEWCOMER];
    return c.json({ items });
  });

  app.get('/api/messages', (c) => {
    const persona = c.req.query('persona') ?? '';
    const after = Number(c.req.query('after') ?? 0) || 0;
    const rows = deps.db.$client
      .prepare(
        `SELECT t.id, t.direction, t.text, t.meta FROM timeline_messages t
           JOIN contacts c ON c.id = t.contact_id
          WHERE c.channel = 'web' AND c.platform_user_id = ? AND t.id > ?
          ORDER BY t.id LIMIT 200`,
      )
      .all(persona, after) as { id: number; direction: string; text: string; meta: string | null }[];
    return c.json({
      items: rows.map((r) => ({ id: r.id, direction: r.direction, text: r.text, ...(r.meta ? (JSON.parse(r.meta) as object) : {}) })),
    });
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
    deps.inbox.accept(event);
    return c.json({ ok: true }, 202);
  });

  return app;
}
