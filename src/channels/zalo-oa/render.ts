import type { OutboundMessage } from '../../core/messages.js';
import { splitText } from '../telegram/render.js';
import { OA_TEXT_LIMIT } from './constants.js';

/**
 * The text parts of a message on the OA: choices as numbered lines the person types back, a
 * link written out, the whole split at Zalo's 2,000 characters.
 */
export function oaTextParts(message: OutboundMessage): string[] {
  const lines = [message.text];
  const choices = (message.choices ?? []).flat();
  if (choices.length) lines.push('', ...choices.map((c, i) => `${i + 1}. ${c.label}`));
  if (message.link) lines.push('', `${message.link.label}: ${message.link.url}`);
  const text = lines.join('\n').trim();
  return text === '' ? [] : splitText(text, OA_TEXT_LIMIT);
}
