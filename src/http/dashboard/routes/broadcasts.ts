import { Hono } from 'hono';
import type { Context } from 'hono';
import { zaloPreview } from '../../../channels/zalo/preview.js';
import { broadcastMessage } from '../../../domain/broadcast-message.js';
import { remindUnacknowledged } from '../../../domain/broadcast-remind.js';
import { deliveryCounts, pendingAcknowledgements } from '../../../domain/broadcast-status.js';
import { cancelBroadcast, createBroadcast, effectiveStatus, getBroadcast, listBroadcasts, previewAudience } from '../../../domain/broadcasts.js';
import { contactVisibility } from '../../../domain/contact-privacy.js';
import { DomainError } from '../../../core/errors.js';
import { MAX_FILE_BYTES, storeFile } from '../../../domain/files.js';
import { DEFAULT_TOPICS, listTopics } from '../../../domain/subscriptions.js';
import { listUnitKinds } from '../../../domain/unit-kinds.js';
import { toTelegramHtml } from '../../../lib/formatting.js';
import { jsonBodyLimit, MB } from '../../body-limit.js';
import { AUDIENCE_WORDING, draftAudience, EMPTY_DRAFT, readDraft, type BroadcastDraft } from '../broadcast-form.js';
import type { DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { audienceText, broadcastComposePage, telegramBubble, type BroadcastPreview } from '../pages/broadcast-compose.js';
import { broadcastListPage, broadcastPage } from '../pages/broadcasts.js';
import { signedIn } from '../session.js';
import { found, idParam, mistake, notFoundPage, readForm } from './helpers.js';

const NOBODY = { total: 0, byRole: { unit_contact: 0, citizen: 0, staff: 0 }, byChannel: { telegram: 0, zalo: 0, zalo_oa: 0, web: 0 } };

function preview(d: BroadcastDraft, attachment: boolean): BroadcastPreview {
  const message = broadcastMessage({ id: 0, text: d.text.trim(), requireAck: d.requireAck, attachmentFileId: attachment ? 0 : null });
  return { telegramHtml: telegramBubble(toTelegramHtml(d.text.trim()), { ack: d.requireAck, attachment }), zaloParts: zaloPreview(message), ack: d.requireAck, attachment };
}

/** Broadcasts: the list, compose with live audience counts and previews, the live progress page, remind, cancel. */
export function broadcastRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const staff = signedIn('staff');

  const countFor = (c: Context<DashboardEnv>, d: BroadcastDraft) => {
    try {
      return previewAudience(c.get('ctx'), draftAudience(c.get('ctx'), d));
    } catch (err) {
      if (err instanceof DomainError) return undefined;
      throw err;
    }
  };
  const topicChoices = (c: Context<DashboardEnv>) => {
    const followed = new Map(listTopics(c.get('ctx')).map((t) => [t.topic, t.subscribers]));
    const known = DEFAULT_TOPICS.map((t) => ({ ...t, subscribers: followed.get(t.key) ?? 0 }));
    const others = [...followed].filter(([k]) => !DEFAULT_TOPICS.some((t) => t.key === k)).map(([key, subscribers]) => ({ key, label: key, subscribers }));
    return [...known, ...others];
  };
  const compose = (c: Context<DashboardEnv>, draft: BroadcastDraft, error?: string) =>
    broadcastComposePage({
      session: c.get('session'),
      draft,
      kinds: listUnitKinds(c.get('ctx')),
      topics: topicChoices(c),
      count: countFor(c, draft) ?? NOBODY,
      preview: preview(draft, false),
      error,
    });

  app.get('/broadcasts', signedIn(), (c) => {
    const ctx = c.get('ctx');
    const { items } = listBroadcasts(ctx, { limit: 100, offset: 0 });
    const listed = items.map((b) => ({ ...b, shownStatus: effectiveStatus(b, b.counts) }));
    return c.html(broadcastListPage({ session: c.get('session'), items: listed, timeZone: ctx.timeZone, flash: takeFlash(c) }));
  });

  // Also what "Đếm người nhận và xem trước" opens without JavaScript: the draft travels in the query.
  app.get('/broadcasts/new', staff, (c) => {
    const query = Object.entries(c.req.queries());
    const draft = query.length ? readDraft(Object.fromEntries(query.map(([k, v]) => [k, v.length === 1 ? v[0]! : v]))) : EMPTY_DRAFT;
    return c.html(compose(c, draft));
  });

  app.post('/broadcasts/preview', staff, async (c) => {
    const draft = readDraft(await readForm(c));
    const count = countFor(c, draft);
    const shown = preview(draft, false);
    return c.json({
      'audience-count': { text: count ? audienceText(count) : 'Chưa đếm được: kiểm tra lại nhóm người nhận và mã đơn vị.' },
      'preview-telegram': { html: shown.telegramHtml },
      'preview-zalo': { text: shown.zaloParts.join('\n\n— tin nhắn tiếp —\n\n') },
    });
  });

  app.post('/broadcasts', jsonBodyLimit(MAX_FILE_BYTES + MB, 'Tệp đính kèm lớn quá 20 MB.', 'attachment'), staff, async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    const draft = readDraft(form);
    const file = form.attachment instanceof File && form.attachment.size > 0 ? form.attachment : undefined;
    try {
      const audience = draftAudience(ctx, draft);
      const stored = file ? await storeFile(ctx, { bytes: Buffer.from(await file.arrayBuffer()), originalName: file.name, source: 'api' }) : undefined;
      const created = createBroadcast(ctx, {
        title: draft.title,
        text: draft.text,
        audience,
        requireAck: draft.requireAck,
        scheduledAt: draft.scheduledAt.replace('T', ' ') || null,
        attachmentFileId: stored?.id ?? null,
      });
      setFlash(c, { kind: 'ok', text: created.scheduledAt ? 'Đã hẹn giờ gửi thông báo.' : `Đang gửi thông báo đến ${created.queued} người.` });
      return c.redirect(`/broadcasts/${created.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(compose(c, draft, mistake(err, AUDIENCE_WORDING)), 400);
    }
  });

  app.get('/broadcasts/:id', signedIn(), (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c.req.param('id'));
    const broadcast = id ? found(() => getBroadcast(ctx, id)) : undefined;
    if (!broadcast) return notFoundPage(c, 'Không có thông báo này.');
    const counts = deliveryCounts(ctx.db, broadcast.id);
    const pending = broadcast.requireAck ? pendingAcknowledgements(ctx.db, broadcast.id, { limit: 200, offset: 0 }, contactVisibility(ctx.actor)) : { items: [], total: 0 };
    return c.html(broadcastPage({ session: c.get('session'), broadcast, counts, status: effectiveStatus(broadcast, counts), pending, timeZone: ctx.timeZone, flash: takeFlash(c) }));
  });

  const action = (path: string, run: (c: Context<DashboardEnv>, id: number) => string) =>
    app.post(`/broadcasts/:id/${path}`, staff, (c) => {
      const id = idParam(c.req.param('id'));
      const broadcast = id ? found(() => getBroadcast(c.get('ctx'), id)) : undefined;
      if (!broadcast) return notFoundPage(c, 'Không có thông báo này.');
      try {
        setFlash(c, { kind: 'ok', text: run(c, broadcast.id) });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        setFlash(c, { kind: 'error', text: err.kind === 'closed' ? 'Thông báo đã gửi xong hoặc đã hủy.' : mistake(err) });
      }
      return c.redirect(`/broadcasts/${broadcast.id}`, 303);
    });

  action('remind', (c, id) => {
    const r = remindUnacknowledged(c.get('ctx'), id);
    const parts = [`Đã nhắc lại ${r.reminded} người.`];
    if (r.tooSoon) parts.push(`${r.tooSoon} người vừa được nhắc trong phút này nên không nhắc lại.`);
    if (r.unreachable) parts.push(`${r.unreachable} người chưa nhận được tin hoặc đã chặn bot.`);
    return parts.join(' ');
  });
  action('cancel', (c, id) => `Đã hủy; ${cancelBroadcast(c.get('ctx'), id).dropped} tin chưa gửi sẽ không gửi nữa.`);

  return app;
}
