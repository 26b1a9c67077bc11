import { preparedFor } from '../db/prepared.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { forbidden, invalid } from '../core/errors.js';
import type { TicketKind, TicketStatus } from './tickets.js';

/** On time: settled by its deadline; late: settled after it, or still open past it; pending: open, not due yet. */
export type RegisterTimeliness = 'on_time' | 'late' | 'pending';

export type RegisterRow = {
  code: string;
  kind: TicketKind;
  status: TicketStatus;
  subject: string;
  receivedAt: Date;
  ackDueAt: Date | null;
  dueAt: Date | null;
  /** The Department's first answer in the thread. */
  answeredAt: Date | null;
  closedAt: Date | null;
  timeliness: RegisterTimeliness;
  /** Only when an admin asked for the people (a denouncer included); otherwise absent. */
  requester?: { name: string; channel: string } | null;
};

export type RegisterInput = { from: Date; to: Date; withRequesters?: boolean };

const statements = preparedFor((db) => ({
  rows: db.$client
    .prepare(
      `SELECT t.code, t.kind, t.status, t.subject, t.created_at, t.ack_due_at, t.due_at, t.closed_at,
              (SELECT min(m.created_at) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.author = 'staff'),
              c.display_name, c.channel
         FROM tickets t LEFT JOIN contacts c ON c.id = t.contact_id
        WHERE t.created_at >= ? AND t.created_at < ? ORDER BY t.created_at, t.id`,
    )
    .raw(),
}));

type Cells = [code: string, kind: TicketKind, status: TicketStatus, subject: string, createdAt: number, ackDueAt: number | null, dueAt: number | null, closedAt: number | null, answeredAt: number | null, name: string | null, channel: string | null];

/**
 * When a ticket counts as settled: a complaint or a denunciation when it is closed (the
 * decision), a question or feedback at the first answer (or when closed without one).
 */
function settledAt(kind: TicketKind, answeredAt: number | null, closedAt: number | null): number | null {
  if (kind === 'complaint' || kind === 'denunciation') return closedAt;
  return answeredAt ?? closedAt;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * The ticket register (sổ theo dõi) for tickets received in [from, to): code, kind, received,
 * deadlines, answered, closed, on time. The person behind each ticket only when an admin asks,
 * and that export is recorded in the audit log.
 */
export function ticketRegister(ctx: Ctx, input: RegisterInput): RegisterRow[] {
  if (input.to.getTime() <= input.from.getTime()) throw invalid('Ngày kết thúc phải sau ngày bắt đầu.', 'to');
  const withRequesters = input.withRequesters === true;
  if (withRequesters && !('role' in ctx.actor && ctx.actor.role === 'admin')) throw forbidden('only the admin role may export who sent each ticket');
  const now = ctx.clock.now().getTime();
  const rows = (statements(ctx.db).rows.all(input.from.getTime(), input.to.getTime()) as Cells[]).map(
    ([code, kind, status, subject, createdAt, ackDueAt, dueAt, closedAt, answeredAt, name, channel]): RegisterRow => {
      const settled = settledAt(kind, answeredAt, closedAt);
      const timeliness: RegisterTimeliness =
        dueAt === null ? (settled === null ? 'pending' : 'on_time') : settled !== null ? (settled <= dueAt ? 'on_time' : 'late') : now > dueAt ? 'late' : 'pending';
      const row: RegisterRow = {
        code,
        kind,
        status,
        subject,
        receivedAt: new Date(createdAt),
        ackDueAt: date(ackDueAt),
        dueAt: date(dueAt),
        answeredAt: date(answeredAt),
        closedAt: date(closedAt),
        timeliness,
      };
      if (withRequesters) row.requester = name === null ? null : { name, channel: channel ?? '' };
      return row;
    },
  );
  if (withRequesters) {
    ctx.db.transaction(() =>
      recordAudit(ctx, { action: 'ticket.export_requesters', entity: 'ticket', after: { from: input.from, to: input.to, tickets: rows.length } }),
    );
  }
  return rows;
}
