import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import type { OutboundMessage } from '../core/messages.js';

/**
 * A broadcast's messages in the outbox: one bulk row per recipient, queued together with its
 * delivery row and timeline entry by set-based statements, then counted, cancelled and looked
 * up here, so that no module outside src/outbox reads or writes outbox rows.
 */

/** Who receives it: SQL over `contacts c` (FROM … and a WHERE condition) with its named parameters. */
export type RecipientsSql = { from: string; where: string };

export type BroadcastMessagesInput = {
  broadcastId: number;
  message: OutboundMessage;
  /** The text shown in each recipient's timeline, and its buttons (JSON) or null. */
  timelineText: string;
  timelineMeta: string | null;
  params: Record<string, unknown>;
  now: Date;
};

/**
 * Returns a writer for one recipients query: for every recipient, an outbox row (dedupe key
 * bc:<broadcast>:<contact>, so a repeat inserts nothing), a broadcast_deliveries row naming it,
 * and a timeline entry. Call inside the transaction that starts the broadcast; returns how
 * many messages were queued.
 */
export function broadcastMessageWriter(recipients: RecipientsSql): (db: Db, input: BroadcastMessagesInput) => number {
  const statements = preparedFor(({ $client: sqlite }) => ({
    maxId: sqlite.prepare(`SELECT coalesce(max(id), 0) FROM outbox`).pluck(),
    outbox: sqlite.prepare(
      `INSERT INTO outbox (dedupe_key, channel, chat_id, contact_id, lane, payload, status, attempts, next_attempt_at, broadcast_id, created_at)
       SELECT 'bc:' || CAST(@id AS INTEGER) || ':' || c.id, c.channel, c.chat_id, c.id, 'bulk', @payload, 'queued', 0, @now, @id, @now
       ${recipients.from} WHERE ${recipients.where} ORDER BY c.id
       ON CONFLICT (dedupe_key) DO NOTHING`,
    ),
    deliveries: sqlite.prepare(
      `INSERT INTO broadcast_deliveries (broadcast_id, contact_id, outbox_id, created_at)
       SELECT @id, o.contact_id, o.id, @now FROM outbox o WHERE o.broadcast_id = @id AND o.id > @after
       ON CONFLICT (broadcast_id, contact_id) DO NOTHING`,
    ),
    timeline: sqlite.prepare(
      `INSERT INTO timeline_messages (contact_id, direction, channel, text, meta, outbox_id, created_at)
       SELECT o.contact_id, 'out', o.channel, @text, @meta, o.id, @now FROM outbox o WHERE o.broadcast_id = @id AND o.id > @after`,
    ),
  }));
  return (db, input) => {
    const s = statements(db);
    const now = input.now.getTime();
    const after = s.maxId.get() as number;
    const id = input.broadcastId;
    const queued = s.outbox.run({ ...input.params, id, payload: JSON.stringify(input.message), now }).changes;
    if (queued === 0) return 0;
    s.deliveries.run({ id, after, now });
    s.timeline.run({ id, after, now, text: input.timelineText, meta: input.timelineMeta });
    return queued;
  };
}

export type MessageCount = { broadcastId: number; status: string; failureReason: string | null; n: number };
export type MessageState = { status: string; failureReason: string | null };

const statements = preparedFor(({ $client: sqlite }) => ({
  counts: sqlite.prepare(
    `SELECT broadcast_id AS broadcastId, status, failure_reason AS failureReason, count(*) AS n FROM outbox
      WHERE broadcast_id IN (SELECT value FROM json_each(?)) GROUP BY broadcast_id, status, failure_reason`,
  ),
  states: sqlite.prepare(`SELECT id, status, failure_reason AS failureReason FROM outbox WHERE id IN (SELECT value FROM json_each(?))`),
  cancel: sqlite.prepare(
    `UPDATE outbox SET status = 'cancelled', last_error = 'broadcast cancelled' WHERE broadcast_id = ? AND status = 'queued'`,
  ),
  dropCancelled: sqlite.prepare(
    `UPDATE outbox SET status = 'cancelled', last_error = 'broadcast cancelled'
      WHERE status = 'queued' AND broadcast_id IN (SELECT id FROM broadcasts WHERE status = 'cancelled')`,
  ),
  drained: sqlite.prepare(
    `SELECT b.value AS id, (SELECT max(sent_at) FROM outbox WHERE broadcast_id = b.value) AS lastSentAt
       FROM json_each(?) b
      WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE broadcast_id = b.value AND status IN ('queued', 'sending'))`,
  ),
}));

/** Messages of these broadcasts by status and failure reason: one grouped query. */
export function broadcastMessageCounts(db: Db, broadcastIds: number[]): MessageCount[] {
  return statements(db).counts.all(JSON.stringify(broadcastIds)) as MessageCount[];
}

/** Where each of these outbox messages is (queued, sending, sent, failed, cancelled). */
export function messageStates(db: Db, outboxIds: number[]): Map<number, MessageState> {
  const rows = statements(db).states.all(JSON.stringify(outboxIds)) as ({ id: number } & MessageState)[];
  return new Map(rows.map(({ id, ...state }) => [id, state]));
}

/** Drops what is still queued of a broadcast (sent stays sent); returns how many. */
export function cancelBroadcastMessages(db: Db, broadcastId: number): number {
  return statements(db).cancel.run(broadcastId).changes;
}

/** Drops queued messages of broadcasts cancelled meanwhile (a send in flight at cancel time may have been requeued). */
export function dropMessagesOfCancelledBroadcasts(db: Db): number {
  return statements(db).dropCancelled.run().changes;
}

/** Of these broadcasts, those with nothing queued or in flight, with the time their last message was sent. */
export function drainedBroadcasts(db: Db, broadcastIds: number[]): { id: number; lastSentAt: number | null }[] {
  return statements(db).drained.all(JSON.stringify(broadcastIds)) as { id: number; lastSentAt: number | null }[];
}
