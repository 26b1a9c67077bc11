import type { InboundEvent } from '../../core/messages.js';
import type { OaAttachment, OaWebhookEvent } from './api-types.js';
import { ZALO_OA } from './constants.js';

/** What a webhook event means to us. */
export type OaEventMeaning =
  | { kind: 'inbound'; event: InboundEvent }
  /** The person stopped following the OA: nothing reaches them any more. */
  | { kind: 'unfollow'; userId: string }
  /** Echoes of our own sends, delivery and seen receipts, events we do not use. */
  | { kind: 'ignore' };

/**
 * OA webhook event → channel-neutral event. Deduplication rides on the message's msg_id (Zalo
 * resends an event it thinks was not answered); a follow has no message, so its key is the
 * follower and the event's timestamp. A follow starts the conversation like /start.
 */
export function toInbound(e: OaWebhookEvent): OaEventMeaning {
  const name = e.event_name ?? '';
  if (name === 'follow' || name === 'unfollow') {
    const userId = e.follower?.id;
    if (!userId) return { kind: 'ignore' };
    if (name === 'unfollow') return { kind: 'unfollow', userId };
    return { kind: 'inbound', event: { ...base(`follow:${userId}:${e.timestamp ?? ''}`, userId), kind: 'text', text: '/start' } };
  }
  if (!name.startsWith('user_send_')) return { kind: 'ignore' };
  const userId = e.sender?.id;
  const msgId = e.message?.msg_id;
  if (!userId || !msgId) return { kind: 'ignore' };
  const m = e.message!;
  const event = { ...base(msgId, userId), messageId: msgId };
  const first: OaAttachment | undefined = m.attachments?.[0];
  switch (name) {
    case 'user_send_text':
      return { kind: 'inbound', event: { ...event, kind: 'text', text: m.text ?? '' } };
    case 'user_send_link': {
      const text = [m.text, first?.payload?.url].filter(Boolean).join(' ');
      return { kind: 'inbound', event: { ...event, kind: 'text', text } };
    }
    case 'user_send_image':
    case 'user_send_gif': {
      const url = first?.payload?.url;
      if (!url) return { kind: 'inbound', event: { ...event, kind: 'unsupported' } };
      const ext = name === 'user_send_gif' ? 'gif' : 'jpg';
      const file = { ref: url, name: `anh-${msgId}.${ext}`, mimeType: ext === 'gif' ? 'image/gif' : 'image/jpeg' };
      return { kind: 'inbound', event: { ...event, kind: 'file', text: m.text || undefined, file } };
    }
    case 'user_send_file': {
      const p = first?.payload;
      if (!p?.url) return { kind: 'inbound', event: { ...event, kind: 'unsupported' } };
      const size = Number(p.size);
      const file = { ref: p.url, name: p.name || `tep-${msgId}`, size: Number.isFinite(size) && size > 0 ? size : undefined };
      return { kind: 'inbound', event: { ...event, kind: 'file', file } };
    }
    case 'user_send_sticker':
      return { kind: 'inbound', event: { ...event, kind: 'sticker' } };
    default:
      // audio, video, location, business card: answered calmly as something the bot cannot read
      return { kind: 'inbound', event: { ...event, kind: 'unsupported' } };
  }
}

/** Webhook events carry no name (it takes a user-detail call): the bot says "anh/chị", the dashboard "Chưa có tên". */
function base(updateId: string, userId: string) {
  return { channel: ZALO_OA, updateId, chatId: userId, user: { id: userId, displayName: '' } };
}
