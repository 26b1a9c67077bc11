import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import type { Channel } from '../core/messages.js';
import type { Head, OutboxLane, QueuedRow } from './channel-schedule.js';

/** A row about to be sent: what the channel needs, and whether its contact may still get it. */
export type SendRow = {
  id: number;
  channel: Channel;
  chatId: string;
  lane: OutboxLane;
  contactId: number | null;
  payload: string;
  attempts: number;
  contactStatus: string | null;
};

export type FailureReason = 'blocked' | 'invalid' | 'retry_limit' | 'window_closed' | 'quota';

/** What became of a send; written to the outbox in batches (see OutboxStore.apply). */
export type Outcome =
  | { kind: 'sent'; id: number; at: number; messageId: string | null }
  /** Back to the queue at `at`; `refund` 1 when the attempt does not count (the platform asked us to wait). */
  | { kind: 'retry'; id: number; at: number; refund: 0 | 1; error: string }
  | { kind: 'failed'; id: number; reason: FailureReason; error: string }
  /** The chat is unreachable: this row and every other one queued for the chat. */
  | { kind: 'chat_gone'; id: number; channel: Channel; chatId: string; error: string };

const statements = preparedFor(({ $client: sqlite }) => ({
  recover: sqlite.prepare(`UPDATE outbox SET status = 'queued' WHERE status = 'sending'`),
  lastId: sqlite.prepare(`SELECT coalesce(max(id), 0) FROM outbox`).pluck(),
  // The next queued rows of one lane of a channel, from outbox_lane_idx: each row read once.
  queuedAfter: sqlite
    .prepare(
      `SELECT id, chat_id, next_attempt_at FROM outbox
        WHERE channel = ? AND lane = ? AND status = 'queued' AND id > ? ORDER BY id LIMIT ?`,
    )
    .raw(),
  // A chat's next message: the first queued of each lane, from outbox_queue_idx.
  head: sqlite
    .prepare(
      `SELECT * FROM (SELECT id, lane, next_attempt_at FROM outbox
                       WHERE channel = @channel AND chat_id = @chatId AND lane = 'reply' AND status = 'queued'
                       ORDER BY id LIMIT 1)
       UNION ALL
       SELECT * FROM (SELECT id, lane, next_attempt_at FROM outbox
                       WHERE channel = @channel AND chat_id = @chatId AND lane = 'bulk' AND status = 'queued'
                       ORDER BY id LIMIT 1)`,
    )
    .raw(),
  row: sqlite.prepare(
    `SELECT o.id, o.channel, o.chat_id AS chatId, o.lane, o.contact_id AS contactId, o.payload, o.attempts, c.status AS contactStatus
       FROM outbox o LEFT JOIN contacts c ON c.id = o.contact_id
      WHERE o.id = ? AND o.status = 'queued'`,
  ),
  claim: sqlite.prepare(`UPDATE outbox SET status = 'sending', claimed_at = ?, attempts = attempts + 1 WHERE id = ? AND status = 'queued'`),
  sent: sqlite.prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, platform_message_id = ?, last_error = NULL WHERE id = ?`),
  retry: sqlite.prepare(
    // A message of a broadcast cancelled meanwhile is dropped instead of queued again.
    `UPDATE outbox SET status = CASE WHEN broadcast_id IS NOT NULL AND
              (SELECT status FROM broadcasts WHERE id = broadcast_id) = 'cancelled' THEN 'cancelled' ELSE 'queued' END,
            next_attempt_at = ?, attempts = attempts - ?, last_error = ? WHERE id = ?`,
  ),
  fail: sqlite.prepare(`UPDATE outbox SET status = 'failed', failure_reason = ?, last_error = ? WHERE id = ?`),
  failChat: sqlite.prepare(
    `UPDATE outbox SET status = 'failed', failure_reason = 'blocked', last_error = ?
      WHERE channel = ? AND chat_id = ? AND status IN ('queued', 'sending')`,
  ),
}));

type RawRow = [id: number, chatId: string, dueAt: number];

/** The sender's reads and writes of outbox rows. `rowsRead` counts every row a query returned. */
export class OutboxStore {
  rowsRead = 0;

  constructor(private readonly db: Db) {}

  private get s() {
    return statements(this.db);
  }

  /** After a crash, what was being sent goes back to the queue (at most one duplicate each). */
  recoverInFlight(): number {
    return this.s.recover.run().changes;
  }

  /** The highest row id written so far: it moves whenever anything is queued. */
  lastId(): number {
    return this.s.lastId.get() as number;
  }

  /** Up to `limit` queued rows of one lane of a channel after row `afterId`, in id order. */
  queuedAfter(channel: Channel, lane: OutboxLane, afterId: number, limit: number): QueuedRow[] {
    const raw = this.count(this.s.queuedAfter.all(channel, lane, afterId, limit) as RawRow[]);
    return raw.map(([id, chatId, dueAt]) => ({ id, chatId, lane, dueAt }));
  }

  /** The chat's next message (replies first), or undefined when nothing is queued for it. */
  head(channel: Channel, chatId: string): Head | undefined {
    const rows = this.count(this.s.head.all({ channel, chatId }) as [number, OutboxLane, number][]);
    const [id, lane, dueAt] = rows[0] ?? [];
    return id === undefined ? undefined : { id, lane: lane!, dueAt: dueAt! };
  }

  /** The row to send, if still queued. */
  row(id: number): SendRow | undefined {
    const row = this.s.row.get(id) as SendRow | undefined;
    if (row) this.rowsRead++;
    return row;
  }

  /** Marks the row as being sent (one attempt used); false when it is no longer queued. */
  claim(id: number, now: number): boolean {
    return this.s.claim.run(now, id).changes > 0;
  }

  fail(id: number, reason: FailureReason, error: string): void {
    this.s.fail.run(reason, error, id);
  }

  /** Writes outcomes in order; returns how many rows ended failed (a gone chat fails all of its rows). */
  apply(outcomes: Outcome[]): { sent: number; retried: number; failed: number } {
    const s = this.s;
    const counts = { sent: 0, retried: 0, failed: 0 };
    for (const o of outcomes) {
      if (o.kind === 'sent') {
        s.sent.run(o.at, o.messageId, o.id);
        counts.sent++;
      } else if (o.kind === 'retry') {
        s.retry.run(o.at, o.refund, o.error, o.id);
        counts.retried++;
      } else if (o.kind === 'failed') {
        s.fail.run(o.reason, o.error, o.id);
        counts.failed++;
      } else {
        s.fail.run('blocked', o.error, o.id);
        counts.failed += 1 + s.failChat.run('chat unreachable', o.channel, o.chatId).changes;
      }
    }
    return counts;
  }

  private count<T>(rows: T[]): T[] {
    this.rowsRead += rows.length;
    return rows;
  }
}
