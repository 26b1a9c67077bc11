import type { Channel } from '../core/messages.js';
import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { broadcastMessageCounts, messageStates } from '../outbox/broadcast-messages.js';
import { DENOUNCER_SQL, type ContactVisibility } from './contact-privacy.js';
import type { Ctx } from './context.js';

export type FailureReason = 'blocked' | 'not_found' | 'too_old' | 'retry_limit' | 'quota' | 'window_closed' | 'invalid';

/** Where a broadcast's messages are, counted from its outbox rows and delivery rows. */
export type DeliveryCounts = {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: { total: number; byReason: Partial<Record<FailureReason, number>> };
  cancelled: number;
  acked: number;
};

export type PendingAck = {
  contactId: number;
  displayName: string;
  channel: string;
  role: string;
  unit: { id: number; code: string; name: string } | null;
  /** Where that person's message is: queued, sending, sent, failed or cancelled. */
  deliveryStatus: string;
  failureReason: FailureReason | null;
};

const prepared = preparedFor(({ $client: sqlite }) => ({
  acked: sqlite.prepare(
    `SELECT broadcast_id AS id, count(*) AS n FROM broadcast_deliveries
      WHERE broadcast_id IN (SELECT value FROM json_each(?)) AND acked_at IS NOT NULL GROUP BY broadcast_id`,
  ),
  pending: sqlite.prepare(
    `SELECT d.contact_id AS contactId, c.display_name AS displayName, c.channel, c.role,
            u.id AS unitId, u.code AS unitCode, u.name AS unitName, d.outbox_id AS outboxId,
            ${DENOUNCER_SQL('c.id')} AS denouncer
       FROM broadcast_deliveries d
       JOIN contacts c ON c.id = d.contact_id
       LEFT JOIN units u ON u.id = c.unit_id
      WHERE d.broadcast_id = ? AND d.acked_at IS NULL
      ORDER BY u.name IS NULL, u.name, c.display_name, d.contact_id
      LIMIT ? OFFSET ?`,
  ),
  pendingCount: sqlite.prepare(`SELECT count(*) FROM broadcast_deliveries WHERE broadcast_id = ? AND acked_at IS NULL`).pluck(),
  ack: sqlite.prepare(`UPDATE broadcast_deliveries SET acked_at = ? WHERE broadcast_id = ? AND contact_id = ? AND acked_at IS NULL`),
  delivery: sqlite.prepare(`SELECT acked_at AS ackedAt FROM broadcast_deliveries WHERE broadcast_id = ? AND contact_id = ?`),
  latestUnacked: sqlite.prepare(
    `SELECT d.broadcast_id AS id FROM broadcast_deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
      WHERE d.contact_id = ? AND d.acked_at IS NULL AND b.require_ack = 1 ORDER BY d.id DESC LIMIT 1`,
  ),
  unacked: sqlite.prepare(
    `SELECT d.contact_id AS contactId, c.channel, c.chat_id AS chatId, c.status, d.outbox_id AS outboxId
       FROM broadcast_deliveries d JOIN contacts c ON c.id = d.contact_id
      WHERE d.broadcast_id = ? AND d.acked_at IS NULL ORDER BY d.contact_id`,
  ),
}));

const emptyCounts = (): DeliveryCounts => ({
  total: 0,
  queued: 0,
  sending: 0,
  sent: 0,
  failed: { total: 0, byReason: {} },
  cancelled: 0,
  acked: 0,
});

/** Counts for one broadcast, or for many at once (two grouped queries either way). */
export function deliveryCounts(db: Db, id: number): DeliveryCounts;
export function deliveryCounts(db: Db, ids: number[]): Map<number, DeliveryCounts>;
export function deliveryCounts(db: Db, idOrIds: number | number[]): DeliveryCounts | Map<number, DeliveryCounts> {
  const ids = Array.isArray(idOrIds) ? idOrIds : [idOrIds];
  const out = new Map(ids.map((id) => [id, emptyCounts()]));
  const s = prepared(db);
  const json = JSON.stringify(ids);
  for (const row of broadcastMessageCounts(db, ids)) {
    const c = out.get(row.broadcastId)!;
    c.total += row.n;
    if (row.status === 'failed') {
      c.failed.total += row.n;
      const reason = (row.failureReason as FailureReason | null) ?? 'invalid';
      c.failed.byReason[reason] = (c.failed.byReason[reason] ?? 0) + row.n;
    } else if (row.status === 'queued' || row.status === 'sending' || row.status === 'sent' || row.status === 'cancelled') {
      c[row.status] += row.n;
    }
  }
  for (const row of s.acked.all(json) as { id: number; n: number }[]) out.get(row.id)!.acked = row.n;
  return Array.isArray(idOrIds) ? out : out.get(idOrIds)!;
}

/** A person's name where the reader may not see it (see contact-privacy.ts). */
export const HIDDEN_NAME = 'Người dân (ẩn tên)';

/**
 * Recipients who have not pressed "Đã nhận" yet, by unit then name; paged. Names the reader may
 * not see (a citizen for the viewer role, a denouncer below admin) are masked.
 */
export function pendingAcknowledgements(
  db: Db,
  broadcastId: number,
  page: { limit: number; offset: number },
  visibility: ContactVisibility = 'all',
): { items: PendingAck[]; total: number } {
  const s = prepared(db);
  const rows = s.pending.all(broadcastId, page.limit, page.offset) as (Omit<PendingAck, 'unit' | 'deliveryStatus' | 'failureReason'> & {
    unitId: number | null;
    unitCode: string | null;
    unitName: string | null;
    outboxId: number | null;
    denouncer: number;
  })[];
  const hidden = (r: { role: string; denouncer: number }) => visibility !== 'all' && (r.denouncer === 1 || (visibility === 'units_only' && r.role === 'citizen'));
  const states = messageStates(db, rows.flatMap((r) => (r.outboxId === null ? [] : [r.outboxId])));
  return {
    items: rows.map(({ unitId, unitCode, unitName, outboxId, denouncer, ...r }) => {
      const state = outboxId === null ? undefined : states.get(outboxId);
      return {
        ...r,
        displayName: hidden({ role: r.role, denouncer }) ? HIDDEN_NAME : r.displayName,
        unit: unitId !== null ? { id: unitId, code: unitCode ?? '', name: unitName ?? '' } : null,
        // Written with its outbox row, so always found; 'unknown' only if that row were gone.
        deliveryStatus: state?.status ?? 'unknown',
        failureReason: (state?.failureReason as FailureReason | null | undefined) ?? null,
      };
    }),
    total: s.pendingCount.get(broadcastId) as number,
  };
}

/** Recipients who have not acknowledged: reachable ones (delivered, still active) can be reminded. */
export function unacknowledgedRecipients(db: Db, broadcastId: number): { contactId: number; channel: Channel; chatId: string; reachable: boolean }[] {
  type Row = { contactId: number; channel: Channel; chatId: string; status: string; outboxId: number | null };
  const rows = prepared(db).unacked.all(broadcastId) as Row[];
  const states = messageStates(db, rows.flatMap((r) => (r.outboxId === null ? [] : [r.outboxId])));
  return rows.map(({ status, outboxId, ...r }) => ({
    ...r,
    reachable: status === 'active' && outboxId !== null && states.get(outboxId)?.status === 'sent',
  }));
}

export type AckResult = 'recorded' | 'already' | 'not_a_recipient';

/** Records a recipient's "Đã nhận" with its time; pressing again changes nothing. */
/** The newest broadcast asking this contact for an acknowledgement they have not given. */
export function latestUnacknowledged(ctx: Ctx, contactId: number): number | undefined {
  return (prepared(ctx.db).latestUnacked.get(contactId) as { id: number } | undefined)?.id;
}

export function acknowledgeBroadcast(ctx: Ctx, input: { broadcastId: number; contactId: number }): AckResult {
  const s = prepared(ctx.db);
  const done = s.ack.run(ctx.clock.now().getTime(), input.broadcastId, input.contactId).changes;
  if (done > 0) return 'recorded';
  return s.delivery.get(input.broadcastId, input.contactId) ? 'already' : 'not_a_recipient';
}
