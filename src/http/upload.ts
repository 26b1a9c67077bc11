import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Inbox } from '../conversation/inbox.js';
import { getContact } from '../domain/contacts.js';
import type { Ctx } from '../domain/context.js';
import { getRequirement } from '../domain/requirements.js';
import { getUnit } from '../domain/units.js';
import { DomainError } from '../core/errors.js';
import { storeFile } from '../domain/files.js';
import { findUploadLink, markUploadLinkUsed } from '../domain/upload-links.js';
import type { AppEnv } from './env.js';
import { assetPath, staticFile } from './static-file.js';
import { formatVnDateTime } from '../lib/time.js';

/** Files sent through the personal page may be larger than what the Bot API lets a bot download. */
export const UPLOAD_PAGE_MAX_BYTES = 100 * 1024 * 1024;

const page = (title: string, body: string) => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — Cầu Nối</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/upload/upload.css"></head>
<body>${body}</body></html>`;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** GET/POST /upload/:token — the personal, expiring upload page the bot links to. */
export function uploadRoutes(deps: { inbox: Inbox }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Registered before '/:token'; tokens never contain a dot.
  app.get('/upload.css', staticFile(assetPath('upload.css')));
  // The address is the secret: no cache (shared computers, proxies) keeps the page.
  app.use('/:token', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  const describe = (ctx: Ctx, token: string) => {
    const link = findUploadLink(ctx, token);
    const unit = getUnit(ctx, link.unitId);
    const requirement = getRequirement(ctx, link.requirementId);
    return { link, unit, requirement };
  };

  const refusal = (message: string) => page('Không tải được tệp', `<h1>Không tải được tệp</h1><p class="err">${esc(message)}</p>`);

  app.get('/:token', (c) => {
    try {
      const { link, unit, requirement } = describe(c.get('ctx'), c.req.param('token'));
      return c.html(
        page(
          'Tải tệp lên',
          `<h1>Tải tệp lên cho Sở GDĐT</h1>
<div class="box"><b>${esc(unit.name)}</b><br>${esc(requirement.title)}</div>
<form method="post" enctype="multipart/form-data">
<label>Chọn tệp (PDF, Word, Excel, ODT hoặc ảnh; tối đa 100 MB):<input type="file" name="file" required></label>
<button type="submit">Tải lên</button></form>
<p>Liên kết dùng riêng cho đơn vị, hết hạn lúc ${esc(formatVnDateTime(link.expiresAt, c.get('ctx').timeZone))}.</p>`,
        ),
      );
    } catch (err) {
      if (err instanceof DomainError) return c.html(refusal(err.message), 404);
      throw err;
    }
  });

  app.post(
    '/:token',
    bodyLimit({
      maxSize: UPLOAD_PAGE_MAX_BYTES + 1024 * 1024,
      onError: (c) => c.html(page('Tệp quá lớn', '<h1>Tệp quá lớn</h1><p class="err">Tệp lớn hơn 100 MB. Vui lòng nén hoặc chia nhỏ tệp.</p>'), 413),
    }),
    async (c) => {
      const ctx = c.get('ctx');
      try {
        const { link, unit } = describe(ctx, c.req.param('token'));
        // A cut-off or forged form is the sender's problem, never a 500.
        const form = await c.req.parseBody().catch(() => undefined);
        if (!form) return c.html(refusal('Không đọc được dữ liệu gửi lên. Anh/chị vui lòng chọn lại tệp và bấm “Tải lên”.'), 400);
        const file = form.file;
        if (!(file instanceof File) || file.size === 0) return c.html(refusal('Anh/chị chưa chọn tệp.'), 400);
        const stored = await storeFile(ctx, {
          bytes: Buffer.from(await file.arrayBuffer()),
          originalName: file.name,
          source: 'upload_link',
          maxBytes: UPLOAD_PAGE_MAX_BYTES,
        });
        markUploadLinkUsed(ctx, link.id);
        const contact = link.contactId ? getContact(ctx, link.contactId) : undefined;
        if (contact) {
          // The bot continues the conversation as if the file had been sent in the chat.
          await deps.inbox.accept({
            channel: contact.channel,
            updateId: `upload:${link.id}:${stored.id}`,
            chatId: contact.chatId,
            user: { id: contact.platformUserId, displayName: contact.displayName },
            kind: 'uploaded',
            storedFileId: stored.id,
            text: stored.originalName,
            data: `r:${link.requirementId}`,
          });
        }
        return c.html(
          page(
            'Đã nhận tệp',
            `<h1>✅ Đã nhận tệp</h1><div class="box">${esc(stored.originalName)}<br>${esc(unit.name)}</div>
<p>Anh/chị quay lại cuộc trò chuyện với bot để trả lời các câu hỏi và xác nhận gửi.</p>`,
          ),
        );
      } catch (err) {
        if (err instanceof DomainError) return c.html(refusal(err.message), err.kind === 'limit' ? 413 : 400);
        throw err;
      }
    },
  );
  return app;
}
