import type { Intent } from '../intents.js';
import { T } from '../texts.js';
import { say, type Turn } from '../turn.js';

/**
 * Parents and citizens. Answering procedure questions from the knowledge base and tickets
 * arrive with their own issue; until then their messages are kept on their timeline for staff,
 * and every question gets an acknowledgement so nobody sends it twice.
 */
export function citizenTurn(turn: Turn, intent: Intent): void {
  const explicitHelp = intent.kind === 'start' || (intent.kind === 'help' && (turn.event.text ?? '').trim().startsWith('/'));
  if (explicitHelp) {
    say(turn, turn.contact ? T.helpCitizen : T.welcomeStranger);
    return;
  }
  if (turn.event.kind === 'sticker') return say(turn, T.sticker);
  if (turn.event.kind === 'button') return say(turn, T.helpCitizen);
  // Anything else they wrote is a question or feedback for staff, "thôi" and "giúp tôi" included.
  say(turn, turn.contact ? T.citizenReceived : `${T.welcomeStranger}\n\n${T.citizenReceived}`);
}
