import { findContactByPlatformUser } from '../../domain/contacts.js';
import { withActor, type Actor } from '../../domain/context.js';
import { DomainError } from '../../core/errors.js';
import { getStaffUser } from '../../domain/staff-users.js';
import { closeTicket, findTicketRow, replyToTicket, ticketByCode, type TicketRow } from '../../domain/tickets.js';
import { dedupeKeyOfSentMessage } from '../../outbox/lookup.js';
import { G } from '../staff-group-texts.js';
import { say, type Turn } from '../turn.js';
import { ticketIdOfGroupPost } from './staff-group-post.js';

/**
 * A message in the staff group (only replies to the bot's posts and commands reach here): a
 * reply to a ticket post goes to the person as the Department's answer, recorded with who
 * wrote it; /dong closes the ticket. Anything else in the group gets no answer.
 */
export function staffGroupTurn(turn: Turn): void {
  const text = (turn.event.text ?? '').trim();
  const close = /^\/dong(?:@\w+)?(?:\s+(\S+))?\s*$/i.exec(text);
  if (!close && !turn.event.replyTo) return;
  if (!close && text.startsWith('/')) return;
  const ticket = close?.[1] ? ticketByCode(turn.ctx, close[1]) : ticketRepliedTo(turn);
  if (!ticket) return say(turn, G.unknownPost);
  if (ticket.kind === 'denunciation') return say(turn, G.denunciationHere(ticket.code));
  turn.ctx = withActor(turn.ctx, memberActor(turn));
  if (close) {
    if (ticket.status === 'closed') return say(turn, G.alreadyClosed(ticket.code));
    closeTicket(turn.ctx, ticket.id);
    return say(turn, G.closed(ticket.code));
  }
  if (!text) return say(turn, G.emptyReply);
  try {
    replyToTicket(turn.ctx, ticket.id, { text });
    say(turn, G.replied(ticket.code));
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    say(turn, err.field === 'contact' ? G.cannotReach(ticket.code) : G.alreadyClosed(ticket.code));
  }
}

function ticketRepliedTo(turn: Turn): TicketRow | undefined {
  const { channel, chatId, replyTo } = turn.event;
  if (!replyTo) return undefined;
  const key = dedupeKeyOfSentMessage(turn.ctx.db, channel, chatId, replyTo);
  const id = key ? ticketIdOfGroupPost(key) : undefined;
  return id === undefined ? undefined : findTicketRow(turn.ctx, id);
}

/** A group member with a linked staff account acts as that staff user; anyone else by their name. */
function memberActor(turn: Turn): Actor {
  const { user, channel } = turn.event;
  const contact = findContactByPlatformUser(turn.ctx.db, channel, user.id);
  if (contact?.role === 'staff' && contact.staffUserId !== null && contact.status === 'active') {
    try {
      const staff = getStaffUser(turn.ctx, contact.staffUserId);
      if (staff.active) return { type: 'staff_user', id: staff.id, label: staff.displayName, role: staff.role };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }
  return { type: 'staff_group_member', id: user.id, label: `${user.displayName || user.id} (nhóm cán bộ)` };
}
