import type { TicketKind } from '../domain/ticket-deadlines.js';

/**
 * Where a parent or citizen is in the conversation. `offered` holds the data of the choices
 * last shown, in order, so "2" typed back (Zalo has no buttons) works like pressing the second.
 */
export type CitizenState = { flow: 'citizen'; offered?: string[] } & (
  | { step: 'menu' }
  | { step: 'ask' }
  | { step: 'answered'; question: string; entryId: number }
  | { step: 'unsure'; question: string }
  | { step: 'ticket-kind' }
  | { step: 'ticket-text'; kind: TicketKind }
  | { step: 'thread'; ticketId: number }
  | { step: 'lookup' }
  | { step: 'erase-confirm' }
  | { step: 'topics' }
);
