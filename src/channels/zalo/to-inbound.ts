import type { InboundEvent, InboundKind } from '../../core/messages.js';
import type { ZaloUpdate } from './types.js';

const KINDS: Record<string, InboundKind> = {
  'message.text.received': 'text',
  'message.image.received': 'file',
  'message.sticker.received': 'sticker',
  'message.unsupported.received': 'unsupported',
  // Seen in client code (platforms.md §5): answered like anything the bot cannot read.
  'message.voice.received': 'unsupported',
};

/**
 * Zalo Bot update → channel-neutral event; undefined for what the bot ignores (unknown event
 * names, groups, an update without a chat to answer). The message id is the dedupe key:
 * repeats of one message have been observed, and getUpdates has no offset to rely on.
 */
export function zaloToInbound(update: ZaloUpdate): InboundEvent | undefined {
  const kind = KINDS[update.event_name];
  const m = update.message;
  if (!kind || !m?.message_id || !m.chat?.id || !m.from?.id || m.chat.chat_type === 'GROUP') return undefined;
  const event: InboundEvent = {
    channel: 'zalo',
    updateId: String(m.message_id),
    chatId: String(m.chat.id),
    user: { id: String(m.from.id), displayName: m.from.display_name ?? m.from.first_name ?? '' },
    kind,
    messageId: String(m.message_id),
  };
  if (kind === 'text') return { ...event, text: m.text ?? '' };
  if (kind === 'file') {
    const url = m.photo ?? m.photo_url ?? m.url;
    if (!url) return { ...event, kind: 'unsupported' };
    return { ...event, file: { ref: url, name: `anh-zalo-${m.message_id}.jpg`, mimeType: 'image/jpeg' }, text: m.caption };
  }
  return event;
}

/** The webhook's documented wrapper `{ ok, result }`, or the flat update live traffic is reported to use. */
export function unwrapUpdate(body: unknown): ZaloUpdate | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const inner = 'result' in body && typeof body.result === 'object' && body.result !== null ? body.result : body;
  return typeof (inner as ZaloUpdate).event_name === 'string' ? (inner as ZaloUpdate) : undefined;
}
