import type { CitizenState } from '../citizen-state.js';
import { C } from '../citizen-texts.js';
import type { Choice } from '../../core/messages.js';
import { say, type Turn } from '../turn.js';

/** A citizen state without `flow` and `offered`, kept apart for each step. */
type Step = CitizenState extends infer S ? (S extends unknown ? Omit<S, 'flow' | 'offered'> : never) : never;

/** Says `text` with choices and remembers them, so a number typed back (Zalo) picks one. */
export function offer(turn: Turn, text: string, choices: Choice[][], step: Step): void {
  const offered = choices.flat().map((c) => c.data);
  turn.state = { flow: 'citizen', ...step, ...(offered.length ? { offered } : {}) } as CitizenState;
  say(turn, choices.length ? { text, choices } : { text });
}

export const CITIZEN_MENU: Choice[][] = [
  [
    { label: C.menuAsk, data: 'c:ask' },
    { label: C.menuTopics, data: 'c:topics' },
  ],
  [
    { label: C.menuTicket, data: 'c:ticket' },
    { label: C.menuLookup, data: 'c:lookup' },
  ],
  [{ label: C.menuFollow, data: 'c:follow' }],
];

export function showMenu(turn: Turn, text: string = C.menuPrompt): void {
  offer(turn, text, CITIZEN_MENU, { step: 'menu' });
}

export function citizenState(turn: Turn): CitizenState | undefined {
  return turn.state.flow === 'citizen' ? turn.state : undefined;
}
