import { Hono } from 'hono';
import type { Context } from 'hono';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { revokeContact, viewContact } from '../../../domain/contacts.js';
import { DomainError } from '../../../core/errors.js';
import { getFile, openStoredFile } from '../../../domain/files.js';
import { createInvite, getInvite, shareInvite } from '../../../domain/invites.js';
import { getSubmission, reviewSubmission } from '../../../domain/submissions.js';
import { unitDossier } from '../../../domain/unit-dossier.js';
import { getUnit } from '../../../domain/units.js';
import { contentDisposition } from '../../api/files.js';
import { DOWNLOAD_HEADERS, INLINE_PREVIEW_HEADERS, securityHeadersFor } from '../../security-headers.js';
import type { DashboardDeps, DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { invitePage } from '../pages/invite.js';
import { unitPage } from '../pages/unit.js';
import { signedIn } from '../session.js';
import { found, idParam, notFoundPage } from './helpers.js';

/** Types a browser shows inside the page; everything else is downloaded. */
const PREVIEWABLE = /^(application\/pdf|image\/(png|jpeg|gif|webp))$/;

/** The unit page, invites with their QR code, revoking a contact, reviewing a submission, and files. */
export function unitRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const botUsername = () => deps.config.telegram.botUsername ?? null;

  app.get('/units/:id', signedIn(), (c) => {
    const id = idParam(c.req.param('id'));
    if (!id) return notFoundPage(c);
    const ctx = c.get('ctx');
    const dossier = found(() => unitDossier(ctx, id));
    if (!dossier) return notFoundPage(c);
    return c.html(unitPage({ session: c.get('session'), dossier, timeZone: ctx.timeZone, flash: takeFlash(c) }));
  });

  app.post('/units/:id/invites', signedIn('staff'), (c) => {
    const id = idParam(c.req.param('id'));
    if (!id) return notFoundPage(c);
    const ctx = c.get('ctx');
    try {
      const invite = createInvite(ctx, { unitId: id }, botUsername());
      return c.redirect(`/units/${id}/invites/${invite.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.kind === 'not_found') return notFoundPage(c);
      setFlash(c, { kind: 'error', text: 'Đơn vị đã ngừng hoạt động nên không tạo mã mời được.' });
      return c.redirect(`/units/${id}`, 303);
    }
  });

  app.get('/units/:id/invites/:inviteId', signedIn('staff'), async (c) => {
    const id = idParam(c.req.param('id'));
    const inviteId = idParam(c.req.param('inviteId'));
    if (!id || !inviteId) return notFoundPage(c);
    const ctx = c.get('ctx');
    const loaded = found(() => ({ unit: getUnit(ctx, id), invite: getInvite(ctx, inviteId) }));
    if (!loaded) return notFoundPage(c);
    if (loaded.invite.unitId !== id) return notFoundPage(c);
    const share = shareInvite(ctx, loaded.invite, botUsername(), `của ${loaded.unit.name}`);
    // qrcode is loaded on first use (~3 MB of memory a bot process rarely needs).
    const qrcode = share.telegramLink ? (await import('qrcode')).default : undefined;
    const qrSvg = qrcode ? await qrcode.toString(share.telegramLink!, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) : null;
    return c.html(invitePage({ session: c.get('session'), ...loaded, share, qrSvg, timeZone: ctx.timeZone }));
  });

  app.post('/contacts/:id/revoke', signedIn('staff'), (c) => {
    const id = idParam(c.req.param('id'));
    if (!id) return notFoundPage(c);
    const ctx = c.get('ctx');
    const contact = found(() => viewContact(ctx, id));
    if (!contact) return notFoundPage(c);
    try {
      revokeContact(ctx, id, { reason: 'thu hồi trên trang quản lý' });
      setFlash(c, { kind: 'ok', text: `Đã thu hồi liên kết của ${contact.displayName || 'đầu mối'}. Người này không nhận tin của bot nữa.` });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(c, { kind: 'error', text: 'Liên kết này đã được thu hồi từ trước.' });
    }
    return c.redirect(contact.unitId ? `/units/${contact.unitId}` : '/', 303);
  });

  app.post('/submissions/:id/review', signedIn('staff'), async (c) => {
    const id = idParam(c.req.param('id'));
    if (!id) return notFoundPage(c);
    const ctx = c.get('ctx');
    const submission = found(() => getSubmission(ctx, id));
    if (!submission) return notFoundPage(c);
    const form = await c.req.parseBody();
    const state = form.state === 'accepted' || form.state === 'returned' ? form.state : undefined;
    const back = `/units/${submission.unit.id}#submission-${id}`;
    if (!state) {
      setFlash(c, { kind: 'error', text: 'Anh/chị chọn Tiếp nhận hoặc Trả lại.' });
      return c.redirect(back, 303);
    }
    try {
      reviewSubmission(ctx, id, { state, reason: typeof form.reason === 'string' ? form.reason.slice(0, 1000) : null });
      setFlash(c, {
        kind: 'ok',
        text: state === 'accepted' ? `Đã tiếp nhận bài nộp ${submission.code}; đơn vị đã được báo.` : `Đã trả lại bài nộp ${submission.code}; đơn vị đã được báo lý do.`,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(c, { kind: 'error', text: err.field === 'reason' ? 'Anh/chị ghi lý do trả lại để đơn vị biết cần bổ sung gì.' : 'Không duyệt được bài nộp này.' });
    }
    return c.redirect(back, 303);
  });

  // A preview (a PDF or an image, judged by content) is framed by our unit page; anything else
  // is a sandboxed download that nothing may frame.
  const preview = securityHeadersFor(INLINE_PREVIEW_HEADERS);
  const downloadHeaders = securityHeadersFor(DOWNLOAD_HEADERS);
  const isPreview = (c: Context<DashboardEnv>) => {
    const id = idParam(c.req.param('id') ?? '');
    const file = id && c.req.query('inline') === '1' ? found(() => getFile(c.get('ctx'), id)) : undefined;
    return file !== undefined && PREVIEWABLE.test(file.mimeType);
  };
  app.get('/files/:id', signedIn(), (c, next) => (isPreview(c) ? preview(c, next) : downloadHeaders(c, next)), (c) => {
    const id = idParam(c.req.param('id'));
    if (!id) return notFoundPage(c);
    const stored = found(() => openStoredFile(c.get('ctx'), id));
    if (!stored) return notFoundPage(c);
    const { row, path } = stored;
    const inline = c.req.query('inline') === '1' && PREVIEWABLE.test(row.mimeType);
    const disposition = contentDisposition(row.originalName);
    return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, {
      headers: {
        'content-type': row.mimeType,
        'content-length': String(row.size),
        'content-disposition': inline ? disposition.replace(/^attachment/, 'inline') : disposition,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=3600',
      },
    });
  });

  return app;
}
