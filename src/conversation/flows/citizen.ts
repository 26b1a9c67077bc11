import type { Intent } from '../intents.js';
import { T } from '../texts.js';
import { say, type Turn } from '../turn.js';

/**
 * Parents and citizens. Answering procedure questions from the knowledge base and tickets
 * arrive with their own issue; until then their messages are kept on their timeline for staff.
 */
export function citizenTurn(turn: Turn, intent: Intent): void {
  if (intent.kind === 'start' || intent.kind === 'help' || !turn.contact) {
    say(turn, turn.contact ? T.helpCitizen : T.welcomeStranger);
    return;
  }
  if (intent.kind === 'cancel') {
    turn.state = { flow: 'idle' };
    say(turn, T.nothingToCancel);
    return;
  }
  if (turn.event.kind === 'sticker') return say(turn, T.sticker);
  say(turn, T.citizenReceived);
}
