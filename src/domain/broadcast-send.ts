import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/client.js';
import { toPlainText } from '../lib/formatting.js';
import { RECIPIENT_CONDITION, RECIPIENTS_FROM, recipientParams, type BroadcastAudience } from './broadcast-audience.js';
import { broadcastMessage } from './broadcast-message.js';
import type { Ctx } from './context.js';

export type BroadcastRow = {
  id: number;
  text: string;
  audience: BroadcastAudience;
  requireAck: boolean;
  attachmentFileId: number | null;
};

type Statements = Record<'maxOutboxId' | 'claim' | 'outbox' | 'deliveries' | 'timeline' | 'due' | 'finish', BetterSqlite3.Statement>;
const statements = new WeakMap<BetterSqlite3.Database, Statements>();

function prepared(db: Db): Statements {
  let s = statements.get(db.$client);
  if (s) return s;
  const sqlite = db.$client;
  s = {
    maxOutboxId: sqlite.prepare(`SELECT coalesce(max(id), 0) FROM outbox`).pluck(),
    // Only a 'scheduled' broadcast starts sending: running the job twice sends nothing twice.
    claim: sqlite.prepare(
      `UPDATE broadcasts SET status = 'sending', started_at = @now, updated_at = @now WHERE id = @id AND status = 'scheduled'`,
    ),
    // One statement for every recipient; the dedupe key makes a repeat insert nothing.
    outbox: sqlite.prepare(
      `INSERT INTO outbox (dedupe_key, channel, chat_id, contact_id, lane, payload, status, attempts, next_attempt_at, broadcast_id, created_at)
       SELECT 'bc:' || CAST(@id AS INTEGER) || ':' || c.id, c.channel, c.chat_id, c.id, 'bulk', @payload, 'queued', 0, @now, @id, @now
       ${RECIPIENTS_FROM} WHERE ${RECIPIENT_CONDITION} ORDER BY c.id
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
    due: sqlite.prepare(`SELECT id FROM broadcasts WHERE status = 'scheduled' AND scheduled_at <= ? ORDER BY scheduled_at, id`).pluck(),
    // Sending is over once nothing of it is queued or in flight.
    finish: sqlite.prepare(
      `UPDATE broadcasts SET status = 'sent', updated_at = @now,
              finished_at = coalesce((SELECT max(sent_at) FROM outbox WHERE broadcast_id = broadcasts.id), @now)
        WHERE status = 'sending'
          AND NOT EXISTS (SELECT 1 FROM outbox WHERE broadcast_id = broadcasts.id AND status IN ('queued', 'sending'))`,
    ),
  };
  statements.set(db.$client, s);
  return s;
}

/**
 * Resolves the recipients now (active contacts in the audience) and queues one bulk message
 * each, with its delivery row and timeline entry: three set-based statements. Call inside a
 * transaction, after the broadcast row is 'sending'. Returns how many were queued.
 */
export function queueBroadcast(ctx: Ctx, b: BroadcastRow): number {
  const s = prepared(ctx.db);
  const now = ctx.clock.now().getTime();
  const after = s.maxOutboxId.get() as number;
  const message = broadcastMessage(b);
  const queued = s.outbox.run({ ...recipientParams(b.audience), id: b.id, payload: JSON.stringify(message), now }).changes;
  if (queued === 0) return 0;
  s.deliveries.run({ id: b.id, after, now });
  const meta = message.choices ? JSON.stringify({ choices: message.choices }) : null;
  s.timeline.run({ id: b.id, after, now, text: toPlainText(b.text), meta });
  return queued;
}

/** Moves a scheduled broadcast to sending and queues it, in one transaction; 0 if another run did. */
export function startScheduled(ctx: Ctx, b: BroadcastRow): number | undefined {
  return ctx.db.transaction(() => {
    const now = ctx.clock.now().getTime();
    if (prepared(ctx.db).claim.run({ id: b.id, now }).changes === 0) return undefined;
    return queueBroadcast(ctx, b);
  });
}

export function dueBroadcastIds(db: Db, now: Date): number[] {
  return prepared(db).due.all(now.getTime()) as number[];
}

/** Marks broadcasts whose every message is sent, failed or cancelled as 'sent'. */
export function finishDrainedBroadcasts(db: Db, now: Date): number {
  return prepared(db).finish.run({ now: now.getTime() }).changes;
}
