import type { InlineKeyboardButton } from 'telegraf/types';
import type { OutboundMessage } from '../../conversation/messages.js';

export const TELEGRAM_TEXT_LIMIT = 4096;

/** Splits at paragraph, then line, then word boundaries so no part exceeds the limit. */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = window.lastIndexOf('\n\n');
    if (cut < limit / 2) cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut < limit / 2) cut = limit;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
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

function truncateBytes(s: string, max: number): string {
  let out = s;
  while (Buffer.byteLength(out, 'utf8') > max) out = out.slice(0, -1);
  return out;
}
