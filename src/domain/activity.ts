import { preparedFor } from '../db/prepared.js';
import type { Ctx } from './context.js';

/** Where a reader of the activity stream has got to: the last submission id and acknowledgement time seen. */
export type ActivityCursor = { submissionId: number; ackedAt: number };

export type ActivityItem =
  | { kind: 'submission'; at: Date; submissionId: number; code: string; version: number; onTime: boolean; unit: { id: number; name: string }; requirement: { id: number; title: string } }
  | { kind: 'ack'; at: Date; broadcastTitle: string; contactName: string; unit: { id: number; name: string } | null };

const statements = preparedFor((db) => ({
  cursor: db.$client.prepare(
    `SELECT (SELECT COALESCE(MAX(id), 0) FROM submissions) AS submissionId,
            (SELECT COALESCE(MAX(acked_at), 0) FROM broadcast_deliveries) AS ackedAt`,
  ),
  submissions: db.$client.prepare(
    `SELECT s.id, s.code, s.version, s.on_time, s.submitted_at, u.id AS unit_id, u.name AS unit_name, r.id AS req_id, r.title AS req_title
       FROM submissions s JOIN units u ON u.id = s.unit_id JOIN requirements r ON r.id = s.requirement_id
      WHERE s.id > ? ORDER BY s.id LIMIT 50`,
  ),
  acks: db.$client.prepare(
    `SELECT d.acked_at, b.title, c.display_name, u.id AS unit_id, u.name AS unit_name
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
type AckRow = { acked_at: number; title: string; display_name: string; unit_id: number | null; unit_name: string | null };

/** New submissions and broadcast acknowledgements since the cursor, oldest first, and the cursor after them. */
export function activitySince(ctx: Ctx, cursor: ActivityCursor): { items: ActivityItem[]; cursor: ActivityCursor } {
  const st = statements(ctx.db);
  const subs = st.submissions.all(cursor.submissionId) as SubmissionRow[];
  const acks = st.acks.all(cursor.ackedAt) as AckRow[];
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
      unit: r.unit_id === null ? null : { id: r.unit_id, name: r.unit_name ?? '' },
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    items,
    cursor: { submissionId: subs.at(-1)?.id ?? cursor.submissionId, ackedAt: acks.at(-1)?.acked_at ?? cursor.ackedAt },
  };
}
