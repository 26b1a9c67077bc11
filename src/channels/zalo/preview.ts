import type { OutboundMessage } from '../../core/messages.js';
import { toPlainText } from '../../lib/formatting.js';

/** Zalo's limit for one text message; longer texts go as several. */
export const ZALO_TEXT_LIMIT = 2000;

/**
 * How a message will read on Zalo, as the messages the person receives: plain text (no
 * formatting), choices as numbered lines the person answers with a number, a link written out,
 * split at 2,000 characters. The dashboard's broadcast preview calls only this; when the Zalo
 * channel's own renderer lands, this is the one place to point at it.
 */
export function zaloPreview(message: OutboundMessage): string[] {
  let text = message.format === 'basic' ? toPlainText(message.text) : message.text;
  const choices = message.choices?.flat() ?? [];
  if (choices.length) text += `\n\n${choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n')}\n(Trả lời bằng số)`;
  if (message.link) text += `\n\n${message.link.label}: ${message.link.url}`;
  if (message.fileId !== undefined) text += '\n\n📎 Kèm một tệp';
  const parts: string[] = [];
  let rest = text;
  while (rest.length > ZALO_TEXT_LIMIT) {
    const cut = rest.lastIndexOf('\n', ZALO_TEXT_LIMIT);
    const at = cut > ZALO_TEXT_LIMIT / 2 ? cut : ZALO_TEXT_LIMIT;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  parts.push(rest);
  return parts;
}
