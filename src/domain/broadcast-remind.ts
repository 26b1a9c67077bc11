import { enqueueMessage } from '../outbox/enqueue.js';
import { recordAudit } from './audit.js';
import { broadcastMessage } from './broadcast-message.js';
import { unacknowledgedRecipients } from './broadcast-status.js';
import { getBroadcast } from './broadcasts.js';
import type { Ctx } from './context.js';
import { closed, invalid } from '../core/errors.js';

export const REMINDER_PREFIX = '🔔 Nhắc lại: anh/chị vui lòng đọc thông báo dưới đây và xác nhận “Đã nhận”.\n\n';

export type RemindResult = {
  /** Messages queued now. */
  reminded: number;
  /** Not acknowledged but not reachable: the first message was not delivered, or they blocked the bot. */
  unreachable: number;
  /** Reminded less than a minute ago: not sent twice. */
  tooSoon: number;
};

/**
 * "Nhắc lại": the broadcast again, with its "Đã nhận" button, to each recipient who got it and
 * has not acknowledged. At most once a minute per person (the dedupe key carries the minute).
 * Reminders do not count as deliveries of the broadcast; pressing "Đã nhận" acknowledges it.
 */
export function remindUnacknowledged(ctx: Ctx, broadcastId: number): RemindResult {
  return ctx.db.transaction(() => {
    const b = getBroadcast(ctx, broadcastId);
    if (!b.requireAck) throw invalid('Thông báo này không yêu cầu xác nhận đã nhận.', 'broadcast');
    if (b.status === 'cancelled') throw closed('Thông báo này đã bị hủy.');
    const now = ctx.clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    const base = broadcastMessage({ ...b, attachmentFileId: null });
    const message = { ...base, text: REMINDER_PREFIX + base.text };
    const result: RemindResult = { reminded: 0, unreachable: 0, tooSoon: 0 };
    for (const r of unacknowledgedRecipients(ctx.db, broadcastId)) {
      if (!r.reachable) {
        result.unreachable += 1;
        continue;
      }
      const id = enqueueMessage(ctx.db, now, { dedupeKey: `bc:${broadcastId}:remind:${minute}:${r.contactId}`, channel: r.channel, chatId: r.chatId, contactId: r.contactId, lane: 'bulk', message });
      if (id === undefined) result.tooSoon += 1;
      else result.reminded += 1;
    }
    recordAudit(ctx, { action: 'broadcast.remind', entity: 'broadcast', entityId: broadcastId, after: result });
    return result;
  });
}
