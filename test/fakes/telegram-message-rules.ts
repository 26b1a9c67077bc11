/** Telegram's checks on what a bot sends: text and caption length, HTML markup, inline keyboards. */
import { badRequest } from './telegram-types.js';
import type { InlineButton } from './telegram-types.js';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
const MAX_CALLBACK_DATA_BYTES = 64;

const HTML_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre',
  'blockquote', 'tg-emoji',
]);
const BUTTON_ACTIONS = [
  'callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'callback_game', 'pay', 'copy_text',
];

/** Text as the user sees it: with parse_mode HTML, tags are markup and entities decode. */
export function visibleText(text: string, parseMode: unknown): string {
  if (typeof parseMode !== 'string' || parseMode.toUpperCase() !== 'HTML') return text;
  checkHtml(text);
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|amp|quot);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"' })[name]!)
    .replace(/&#(x?)([0-9a-f]+);/gi, (_, hex: string, digits: string) =>
      String.fromCodePoint(parseInt(digits, hex ? 16 : 10)),
    );
}

/** The errors Telegram gives for unsupported or unbalanced tags (a common bot bug: unescaped "<"). */
function checkHtml(text: string): void {
  const open: string[] = [];
  const tag = /<(\/?)([^\s>/]*)[^>]*?(\/?)>|<|&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)/gi;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const at = Buffer.byteLength(text.slice(0, m.index));
    if (m[0] === '<') throw badRequest(`can't parse entities: Unsupported start tag "" at byte offset ${at}`);
    if (m[0] === '&') continue; // Telegram leaves a lone "&" as text
    const name = m[2]!.toLowerCase();
    if (m[1]) {
      const expected = open.pop();
      if (expected === undefined) throw badRequest(`can't parse entities: Unexpected end tag at byte offset ${at}`);
      if (expected !== name) {
        throw badRequest(
          `can't parse entities: Unmatched end tag at byte offset ${at}, expected "</${expected}>", found "</${name}>"`,
        );
      }
    } else {
      if (!HTML_TAGS.has(name)) throw badRequest(`can't parse entities: Unsupported start tag "${name}" at byte offset ${at}`);
      if (!m[3]) open.push(name);
    }
  }
  if (open.length > 0) {
    throw badRequest(`can't parse entities: Can't find end tag corresponding to start tag "${open[open.length - 1]}"`);
  }
}

export function checkMessageText(text: unknown, parseMode: unknown): string {
  const visible = typeof text === 'string' ? visibleText(text, parseMode) : '';
  if (visible.trim() === '') throw badRequest('message text is empty');
  if (visible.length > MAX_TEXT) throw badRequest('message is too long');
  return text as string;
}

export function checkCaption(caption: unknown, parseMode: unknown): string {
  if (caption === undefined || caption === null) return '';
  const text = String(caption);
  if (visibleText(text, parseMode).length > MAX_CAPTION) throw badRequest('message caption is too long');
  return text;
}

/** Validates reply_markup and returns its inline keyboard rows ([] for other markups). */
export function checkReplyMarkup(markup: unknown): InlineButton[][] {
  if (markup === undefined || markup === null) return [];
  if (typeof markup !== 'object' || Array.isArray(markup)) throw badRequest("can't parse reply keyboard markup JSON object");
  const keyboard = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (keyboard === undefined) return [];
  if (!Array.isArray(keyboard) || keyboard.some((row) => !Array.isArray(row))) {
    throw badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
  }
  for (const row of keyboard as unknown[][]) for (const button of row) checkButton(button);
  return keyboard as InlineButton[][];
}

function checkButton(button: unknown): void {
  if (!button || typeof button !== 'object') throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  const b = button as Record<string, unknown>;
  if (typeof b.text !== 'string' || b.text === '') throw badRequest('BUTTON_TEXT_INVALID');
  const actions = BUTTON_ACTIONS.filter((key) => b[key] !== undefined);
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (b.callback_data !== undefined) {
    const bytes = typeof b.callback_data === 'string' ? Buffer.byteLength(b.callback_data) : 0;
    if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID');
  }
  if (b.url !== undefined && !isButtonUrl(b.url)) throw badRequest('BUTTON_URL_INVALID');
}

function isButtonUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    return ['http:', 'https:', 'tg:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
