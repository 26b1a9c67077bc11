import { CAPABILITIES } from '../../core/capabilities.js';
import type { OutboundMessage } from '../../core/messages.js';
import { renderPlain } from '../render-plain.js';

/**
 * How a message will read on Zalo, as the messages the person receives: the Zalo channel's
 * own renderer, so the broadcast preview and the real message cannot differ.
 */
export function zaloPreview(message: OutboundMessage): string[] {
  return renderPlain(message, CAPABILITIES.zalo);
}
