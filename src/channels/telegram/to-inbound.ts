import type { Update } from 'telegraf/types';
import type { InboundEvent } from '../../core/messages.js';

/**
 * Telegram update → channel-neutral event; undefined for updates the bot ignores. Private chats
 * are people talking to the bot; of groups only the staff group counts (TELEGRAM_STAFF_CHAT_ID),
 * and there only text: replies to the bot's posts and commands.
 */
export function toInbound(update: Update, opts: { staffChatId?: string } = {}): InboundEvent | undefined {
  if ('callback_query' in update) {
    const q = update.callback_query;
    const chatId = q.message?.chat.id ?? q.from.id;
    return {
      channel: 'telegram',
      updateId: String(update.update_id),
      chatId: String(chatId),
      user: { id: String(q.from.id), displayName: displayName(q.from) },
      kind: 'button',
      data: 'data' in q ? q.data : undefined,
      callbackId: q.id,
    };
  }
  if (!('message' in update)) return undefined;
  const m = update.message;
  if (m.chat.type !== 'private') return staffGroupMessage(update, opts.staffChatId);
  const from = m.from;
  const base = {
    channel: 'telegram' as const,
    updateId: String(update.update_id),
    chatId: String(m.chat.id),
    user: { id: String(from?.id ?? m.chat.id), displayName: from ? displayName(from) : '' },
    messageId: String(m.message_id),
  };
  if ('text' in m) return { ...base, kind: 'text', text: m.text };
  if ('document' in m) {
    const d = m.document;
    return {
      ...base,
      kind: 'file',
      text: 'caption' in m ? m.caption : undefined,
      file: { ref: d.file_id, name: d.file_name ?? 'tep-dinh-kem', mimeType: d.mime_type, size: d.file_size },
    };
  }
  if ('photo' in m) {
    // The largest size is last; a scanned page arrives as a photo.
    const p = m.photo[m.photo.length - 1]!;
    return {
      ...base,
      kind: 'file',
      text: 'caption' in m ? m.caption : undefined,
      file: { ref: p.file_id, name: `anh-${m.message_id}.jpg`, mimeType: 'image/jpeg', size: p.file_size },
    };
  }
  if ('sticker' in m) return { ...base, kind: 'sticker' };
  return { ...base, kind: 'unsupported' };
}

function staffGroupMessage(update: Update, staffChatId: string | undefined): InboundEvent | undefined {
  if (!('message' in update) || !staffChatId) return undefined;
  const m = update.message;
  if (String(m.chat.id) !== staffChatId || !('text' in m) || !m.from || m.from.is_bot) return undefined;
  const replyTo = 'reply_to_message' in m && m.reply_to_message ? String(m.reply_to_message.message_id) : undefined;
  if (!replyTo && !m.text.startsWith('/')) return undefined;
  return {
    channel: 'telegram',
    updateId: String(update.update_id),
    chatId: String(m.chat.id),
    user: { id: String(m.from.id), displayName: displayName(m.from) },
    kind: 'text',
    text: m.text,
    messageId: String(m.message_id),
    replyTo,
  };
}

function displayName(u: { first_name: string; last_name?: string; username?: string }): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ').trim() || u.username || '';
}
