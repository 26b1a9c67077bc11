import type { Ctx } from '../../domain/context.js';
import type { TicketRow } from '../../domain/tickets.js';
import { TICKET_TEXTS } from '../../domain/ticket-texts.js';
import { formatVnDate } from '../../lib/time.js';
import { enqueueMessage } from '../../outbox/enqueue.js';
import type { Channel } from '../../core/messages.js';
import { G } from '../staff-group-texts.js';

export type StaffChat = { channel: Channel; chatId: string };

/** Dedupe keys of group posts name their ticket, so a reply to any of them finds it. */
export function groupPostKey(ticketId: number, messageId: number): string {
  return `ticket:${ticketId}:group:${messageId}`;
}

export function ticketIdOfGroupPost(dedupeKey: string): number | undefined {
  const m = /^ticket:(\d+):group:\d+$/.exec(dedupeKey);
  return m ? Number(m[1]) : undefined;
}

/**
 * Posts a new ticket, or what the person added, to the staff group through the outbox (the
 * sender applies the group's 20 messages a minute). A denunciation is announced without its content.
 */
/** One Telegram message: a reply to the post must find it, so the text is never split. */
const MAX_POSTED_TEXT = 3500;

export function postToStaffGroup(ctx: Ctx, staff: StaffChat | undefined, ticket: TicketRow, message: { id: number; text: string; first: boolean }): void {
  if (!staff) return;
  const due = ticket.dueAt ? formatVnDate(ticket.dueAt, ctx.timeZone) : '—';
  let text: string;
  if (ticket.kind === 'denunciation') {
    if (!message.first) return;
    text = G.newDenunciation({ code: ticket.code, due });
  } else {
    const body = message.text.length > MAX_POSTED_TEXT ? `${message.text.slice(0, MAX_POSTED_TEXT)}…` : message.text;
    message = { ...message, text: body };
    text = message.first
      ? G.newTicket({ code: ticket.code, kindLabel: TICKET_TEXTS.kind[ticket.kind], due, text: message.text })
      : G.followUp({ code: ticket.code, text: message.text });
  }
  enqueueMessage(ctx.db, ctx.clock.now(), {
    dedupeKey: groupPostKey(ticket.id, message.id),
    channel: staff.channel,
    chatId: staff.chatId,
    contactId: null,
    lane: 'reply',
    message: { text },
  });
}
