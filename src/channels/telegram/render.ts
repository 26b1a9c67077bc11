import type { InlineKeyboardButton } from 'telegraf/types';
import type { OutboundMessage } from '../../core/messages.js';

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
    if (cut < limit / 2) cut = isLowSurrogate(rest.charCodeAt(limit)) ? limit - 1 : limit;
    const part = rest.slice(0, cut).trimEnd();
    // A run of blanks can trim to nothing; Telegram refuses an empty message.
    if (part !== '') parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** The second half of an emoji (or any character beyond U+FFFF): never cut before it. */
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
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
