import type { OutboundMessage } from '../../core/messages.js';
import { toTelegramHtml } from '../../lib/formatting.js';
import { messageText, splitText } from './render.js';

export type TelegramTextParts = { parts: string[]; parseMode?: 'HTML' };

/**
 * The texts to send, in order. A 'basic' message is split on its source (so a part never
 * cuts through a tag) and each part rendered to Telegram HTML; visible text only shrinks
 * in rendering, so every part still fits the limit. Others go out exactly as written.
 */
export function telegramTextParts(message: OutboundMessage): TelegramTextParts {
  const parts = splitText(messageText(message));
  if (message.format !== 'basic') return { parts };
  return { parts: parts.map(toTelegramHtml), parseMode: 'HTML' };
}
