import { readAckData } from '../../domain/broadcast-message.js';
import { acknowledgeBroadcast, latestUnacknowledged } from '../../domain/broadcast-status.js';
import { say, type Turn } from '../turn.js';

export const ACK_TEXTS = {
  recorded: 'Đã ghi nhận, cảm ơn anh/chị.',
  notRecipient: 'Thông báo này không gửi tới anh/chị nên không cần xác nhận.',
};

/** Whether a turn is a press of "Đã nhận" under a broadcast. */
export const isAckPress = (turn: Turn) => turn.event.kind === 'button' && readAckData(turn.event.data) !== undefined;

const ACK_WORDS = /^(da nhan|da nhan duoc|nhan duoc|da doc|da nhan thong bao)$/;

/**
 * "đã nhận" typed after other messages came in (on Zalo the "1" may mean something else by
 * then): acknowledges the newest broadcast still waiting for this person's acknowledgement.
 */
export function typedAckFor(turn: Turn): number | undefined {
  if (turn.event.kind !== 'text' || !turn.contact || !ACK_WORDS.test(turn.input)) return undefined;
  return latestUnacknowledged(turn.ctx, turn.contact.id);
}

/**
 * "Đã nhận" pressed: records the acknowledgement with its time. Idempotent: a second press
 * gets the same thanks and changes nothing. The conversation in progress is left as it was.
 */
export function acknowledgeTurn(turn: Turn, typedFor?: number): void {
  const broadcastId = typedFor ?? readAckData(turn.event.data)!;
  if (!turn.contact) return; // nobody we sent anything to
  const result = acknowledgeBroadcast(turn.ctx, { broadcastId, contactId: turn.contact.id });
  say(turn, result === 'not_a_recipient' ? ACK_TEXTS.notRecipient : ACK_TEXTS.recorded);
}
