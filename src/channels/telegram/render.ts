import type { InlineKeyboardButton } from 'telegraf/types';
import type { OutboundMessage } from '../../core/messages.js';
import { splitText as splitAt } from '../split-text.js';

export const TELEGRAM_TEXT_LIMIT = 4096;

/** Splits at Telegram's limit (see split-text.ts). */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  return splitAt(text, limit);
}

/** Choices become inline buttons; a link becomes a URL button where Telegram accepts it (https). */
export function inlineKeyboard(message: OutboundMessage): InlineKeyboardButton[][] | undefined {
  const rows: InlineKeyboardButton[][] = [];
  if (message.link && message.link.url.startsWith('https://')) rows.push([{ text: message.link.label, url: message.link.url }]);
  for (const row of message.choices ?? []) {
    rows.push(row.map((c) => ({ text: c.label, callback_data: truncateBytes(c.data, 64) })));
  }
  return rows.length > 0 ? rows : undefined;
}

/** The text as sent: a non-https link is written out, since Telegram refuses it on a button. */
export function messageText(message: OutboundMessage): string {
  if (message.link && !message.link.url.startsWith('https://')) return `${message.text}\n${message.link.url}`;
  return message.text;
}

/** Cuts on whole characters: half an emoji would reach Telegram as an invalid string. */
function truncateBytes(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > max) break;
    out += ch;
  }
  return out;
}
