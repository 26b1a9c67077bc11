import { preparedFor } from '../db/prepared.js';
import { DENOUNCER_SQL } from './contact-privacy.js';
import type { Ctx } from './context.js';
import type { TicketKind } from './ticket-deadlines.js';

/** Where a reader of the activity stream has got to: the last submission, acknowledgement time and ticket message seen. */
export type ActivityCursor = { submissionId: number; ackedAt: number; ticketMessageId: number };

export type ActivityItem =
  | { kind: 'submission'; at: Date; submissionId: number; code: string; version: number; onTime: boolean; unit: { id: number; name: string }; requirement: { id: number; title: string } }
  | { kind: 'ack'; at: Date; broadcastTitle: string; contactName: string; contactRole: string; denouncer: boolean; unit: { id: number; name: string } | null }
  /** A person opened a ticket (first) or wrote on one. Never who, nor what they wrote: the subject is a denunciation's placeholder. */
  | { kind: 'ticket'; at: Date; ticketId: number; code: string; ticketKind: TicketKind; subject: string; first: boolean };

const statements = preparedFor((db) => ({
  cursor: db.$client.prepare(
    `SELECT (SELECT COALESCE(MAX(id), 0) FROM submissions) AS submissionId,
            (SELECT COALESCE(MAX(acked_at), 0) FROM broadcast_deliveries) AS ackedAt,
            (SELECT COALESCE(MAX(id), 0) FROM ticket_messages) AS ticketMessageId`,
  ),
  tickets: db.$client.prepare(
    `SELECT m.id, m.created_at, t.id AS ticket_id, t.code, t.kind, t.subject,
            m.id = (SELECT min(f.id) FROM ticket_messages f WHERE f.ticket_id = t.id) AS first
       FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
      WHERE m.id > ? AND m.author = 'citizen' ORDER BY m.id LIMIT 50`,
  ),
  submissions: db.$client.prepare(
    `SELECT s.id, s.code, s.version, s.on_time, s.submitted_at, u.id AS unit_id, u.name AS unit_name, r.id AS req_id, r.title AS req_title
       FROM submissions s JOIN units u ON u.id = s.unit_id JOIN requirements r ON r.id = s.requirement_id
      WHERE s.id > ? ORDER BY s.id LIMIT 50`,
  ),
  acks: db.$client.prepare(
    `SELECT d.acked_at, b.title, c.display_name, c.role, ${DENOUNCER_SQL('c.id')} AS denouncer, u.id AS unit_id, u.name AS unit_name
       FROM broadcast_deliveries d JOIN broadcasts b ON b.id = d.broadcast_id JOIN contacts c ON c.id = d.contact_id
       LEFT JOIN units u ON u.id = c.unit_id
      WHERE d.acked_at > ? ORDER BY d.acked_at LIMIT 50`,
  ),
}));

/** Now: a reader starting here sees only what arrives from now on. */
export function activityCursor(ctx: Ctx): ActivityCursor {
  return statements(ctx.db).cursor.get() as ActivityCursor;
}

type SubmissionRow = { id: number; code: string; version: number; on_time: number; submitted_at: number; unit_id: number; unit_name: string; req_id: number; req_title: string };
type TicketRow = { id: number; created_at: number; ticket_id: number; code: string; kind: TicketKind; subject: string; first: number };
type AckRow = { acked_at: number; title: string; display_name: string; role: string; denouncer: number; unit_id: number | null; unit_name: string | null };

/** New submissions, acknowledgements and people's ticket messages since the cursor, oldest first, and the cursor after them. */
export function activitySince(ctx: Ctx, cursor: ActivityCursor): { items: ActivityItem[]; cursor: ActivityCursor } {
  const st = statements(ctx.db);
  const subs = st.submissions.all(cursor.submissionId) as SubmissionRow[];
  const acks = st.acks.all(cursor.ackedAt) as AckRow[];
  const ticketMessages = st.tickets.all(cursor.ticketMessageId) as TicketRow[];
  const items: ActivityItem[] = [
    ...subs.map((r): ActivityItem => ({
      kind: 'submission',
      at: new Date(r.submitted_at),
      submissionId: r.id,
      code: r.code,
      version: r.version,
      onTime: r.on_time === 1,
      unit: { id: r.unit_id, name: r.unit_name },
      requirement: { id: r.req_id, title: r.req_title },
    })),
    ...acks.map((r): ActivityItem => ({
      kind: 'ack',
      at: new Date(r.acked_at),
      broadcastTitle: r.title,
      contactName: r.display_name,
      contactRole: r.role,
      denouncer: r.denouncer === 1,
      unit: r.unit_id === null ? null : { id: r.unit_id, name: r.unit_name ?? '' },
    })),
    ...ticketMessages.map((r): ActivityItem => ({
      kind: 'ticket',
      at: new Date(r.created_at),
      ticketId: r.ticket_id,
      code: r.code,
      ticketKind: r.kind,
      subject: r.subject,
      first: r.first === 1,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    items,
    cursor: {
      submissionId: subs.at(-1)?.id ?? cursor.submissionId,
      ackedAt: acks.at(-1)?.acked_at ?? cursor.ackedAt,
      ticketMessageId: ticketMessages.at(-1)?.id ?? cursor.ticketMessageId,
    },
  };
}
