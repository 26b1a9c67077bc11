import type { TicketKind } from '../../domain/ticket-deadlines.js';
import { TICKET_TEXTS } from '../../domain/ticket-texts.js';
import { addCitizenMessage, findOwnTicket, findTicketRow, openTicket } from '../../domain/tickets.js';
import { formatVnDate } from '../../lib/time.js';
import { C } from '../citizen-texts.js';
import { say, type Turn } from '../turn.js';
import { citizenState, offer, showMenu } from './citizen-ui.js';
import { answerQuestion } from './citizen-answer.js';
import { postToStaffGroup } from './staff-group-post.js';

type ChosenKind = Exclude<TicketKind, 'question'>;
const KINDS: ChosenKind[] = ['feedback', 'complaint', 'denunciation'];

function open(turn: Turn, kind: TicketKind, text: string): void {
  const contact = turn.contact!;
  const { ticket, messageId } = openTicket(turn.ctx, { contactId: contact.id, kind, text });
  if (kind === 'denunciation') turn.timelineText = C.confidentialOnTimeline(ticket.code);
  postToStaffGroup(turn.ctx, turn.services.staffChat, ticket, { id: messageId, text, first: true });
  const date = (d: Date | null) => (d ? formatVnDate(d, turn.ctx.timeZone) : '—');
  turn.state = { flow: 'citizen', step: 'thread', ticketId: ticket.id };
  say(turn, C.ticketOpened({ code: ticket.code, kindLabel: TICKET_TEXTS.kind[kind], due: date(ticket.dueAt), ack: ticket.ackDueAt ? date(ticket.ackDueAt) : null }));
}

/** "Chuyển câu hỏi cho cán bộ": the question the bot could not answer becomes a ticket. */
export function forwardQuestion(turn: Turn): void {
  const state = citizenState(turn);
  const question = state && 'question' in state ? state.question : undefined;
  if (!question) return showMenu(turn, C.nothingToForward);
  open(turn, 'question', question);
}

export function chooseTicketKind(turn: Turn): void {
  offer(turn, C.chooseKind, KINDS.map((k) => [{ label: C.kindButton[k], data: `tk:${k}` }]), { step: 'ticket-kind' });
}

export function askTicketText(turn: Turn, kind: string): void {
  if (!(KINDS as string[]).includes(kind)) return chooseTicketKind(turn);
  turn.state = { flow: 'citizen', step: 'ticket-text', kind: kind as ChosenKind };
  say(turn, C.askTicketText[kind as ChosenKind]);
}

export function openChosenTicket(turn: Turn, kind: TicketKind, text: string): void {
  open(turn, kind, text);
}

/** The person writes on an open ticket: it joins the thread (and the staff group sees it). */
export function continueThread(turn: Turn, ticketId: number, text: string): void {
  const ticket = findTicketRow(turn.ctx, ticketId);
  if (!ticket || ticket.status === 'closed' || ticket.contactId !== turn.contact?.id) {
    turn.state = { flow: 'idle' };
    if (ticket?.status === 'closed') say(turn, C.ticketClosedNow(ticket.code));
    return answerQuestion(turn, text);
  }
  const messageId = addCitizenMessage(turn.ctx, ticket.id, text);
  if (ticket.kind === 'denunciation') turn.timelineText = C.confidentialOnTimeline(ticket.code);
  postToStaffGroup(turn.ctx, turn.services.staffChat, ticket, { id: messageId, text, first: false });
  offer(turn, C.addedToTicket(ticket.code), [[{ label: C.otherQuestion, data: 'c:ask' }]], { step: 'thread', ticketId: ticket.id });
}

/** /tracuu <code>: status for the ticket's owner; anyone else is told it is not among their tickets. */
export function lookupTicket(turn: Turn, code: string | undefined): void {
  if (!code) {
    turn.state = { flow: 'citizen', step: 'lookup' };
    return say(turn, C.lookupPrompt);
  }
  const wanted = code.trim().toUpperCase();
  const ticket = turn.contact ? findOwnTicket(turn.ctx, wanted, turn.contact.id) : undefined;
  turn.state = { flow: 'idle' };
  if (!ticket) return say(turn, C.lookupNotFound(wanted));
  const tz = turn.ctx.timeZone;
  say(
    turn,
    C.lookupResult({
      code: ticket.code,
      kindLabel: TICKET_TEXTS.kind[ticket.kind],
      status: TICKET_TEXTS.status[ticket.status] ?? ticket.status,
      sentOn: formatVnDate(ticket.createdAt, tz),
      due: ticket.dueAt ? formatVnDate(ticket.dueAt, tz) : '—',
      messages: ticket.messageCount,
    }),
  );
}
