import { erasePersonalData } from '../../domain/personal-data.js';
import { enqueueMessage } from '../../outbox/enqueue.js';
import { C } from '../citizen-texts.js';
import { IDLE } from '../session.js';
import { say, type Turn } from '../turn.js';
import { offer } from './citizen-ui.js';

export function askErase(turn: Turn): void {
  offer(
    turn,
    C.eraseAsk,
    [
      [
        { label: C.eraseYes, data: 'priv:erase' },
        { label: C.eraseNo, data: 'priv:keep' },
      ],
    ],
    { step: 'erase-confirm' },
  );
}

/**
 * Deletes what is not legally required; the confirmation goes straight to the chat without a
 * timeline row (the person's timeline is what was just deleted).
 */
export function erase(turn: Turn, updateKey: string): void {
  const contact = turn.contact!;
  const result = erasePersonalData(turn.ctx, contact.id);
  turn.state = IDLE;
  const text = result.anonymised ? C.erased : C.erasedExceptOpen(result.keptTickets);
  enqueueMessage(turn.ctx.db, turn.ctx.clock.now(), {
    dedupeKey: `erase:${updateKey}`,
    channel: turn.event.channel,
    chatId: turn.event.chatId,
    contactId: result.anonymised ? null : contact.id,
    lane: 'reply',
    message: { text },
  });
  if (result.anonymised) turn.erased = true;
}

export function keep(turn: Turn): void {
  turn.state = IDLE;
  say(turn, C.eraseKept);
}
