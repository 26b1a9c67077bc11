import type { ChannelCapabilities } from '../core/capabilities.js';
import { layoutChoices } from '../core/choices.js';
import type { Choice, OutboundMessage } from '../core/messages.js';
import { toPlainText } from '../lib/formatting.js';
import { splitText } from './split-text.js';

export const PLAIN_TEXTS = {
  numberedHint: '(Anh/chị trả lời bằng số thứ tự, hoặc gõ tên lựa chọn.)',
  words: (labels: string[]) => `Hoặc gõ: ${labels.map((l) => `“${l}”`).join(', ')}.`,
  noDocumentsOut: '📎 Thông báo này có kèm một tệp: ảnh được gửi ngay sau tin này; tệp tài liệu chưa gửi được qua Zalo, anh/chị liên hệ Sở nếu cần nhận.',
};

/**
 * A message as the texts a person receives on a channel, by its capabilities: this is the one
 * place where choices become numbered lines (no buttons), a link is written out (no link
 * buttons), formatting is dropped (plain) and the text is split at the channel's limit
 * without cutting a word or an emoji. What a typed reply may pick is `offeredOf` (core/choices).
 */
export function renderPlain(message: OutboundMessage, caps: ChannelCapabilities): string[] {
  const blocks = [message.format === 'basic' && caps.formatting === 'plain' ? toPlainText(message.text) : message.text];
  if (!caps.buttons) blocks.push(...choiceBlocks(message));
  if (message.link && !caps.linkButtons) blocks.push(`${message.link.label}: ${message.link.url}`);
  if (message.fileId !== undefined && !caps.documentsOut) blocks.push(PLAIN_TEXTS.noDocumentsOut);
  return splitText(blocks.filter((b) => b.trim() !== '').join('\n\n'), caps.textLimit);
}

function choiceBlocks(message: OutboundMessage): string[] {
  const { numbered, words } = layoutChoices(message);
  const blocks: string[] = [];
  // Listed choices are numbered in the text already; the others are numbered here.
  const fresh = numbered.filter((c) => !c.listed);
  if (fresh.length > 0) blocks.push(`${fresh.map((c, i) => `${i + 1}. ${c.label}`).join('\n')}\n${PLAIN_TEXTS.numberedHint}`);
  if (words.length > 0) blocks.push(PLAIN_TEXTS.words(words.map(wordOf)));
  return blocks;
}

/** A button's label as a word to type: without its emoji. */
function wordOf(choice: Choice): string {
  return choice.label.replace(/^[^\p{L}\p{N}]+/u, '').trim();
}
