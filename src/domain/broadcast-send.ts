import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { toPlainText } from '../lib/formatting.js';
import { broadcastMessageWriter, drainedBroadcasts } from '../outbox/broadcast-messages.js';
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

const writeMessages = broadcastMessageWriter({ from: RECIPIENTS_FROM, where: RECIPIENT_CONDITION });

const prepared = preparedFor(({ $client: sqlite }) => ({
  // Only a 'scheduled' broadcast starts sending: running the job twice sends nothing twice.
  claim: sqlite.prepare(
    `UPDATE broadcasts SET status = 'sending', started_at = @now, updated_at = @now WHERE id = @id AND status = 'scheduled'`,
  ),
  due: sqlite.prepare(`SELECT id FROM broadcasts WHERE status = 'scheduled' AND scheduled_at <= ? ORDER BY scheduled_at, id`).pluck(),
  sending: sqlite.prepare(`SELECT id FROM broadcasts WHERE status = 'sending'`).pluck(),
  finish: sqlite.prepare(
    `UPDATE broadcasts SET status = 'sent', updated_at = @now, finished_at = coalesce(@lastSentAt, @now) WHERE id = @id AND status = 'sending'`,
  ),
}));

/**
 * Resolves the recipients now (active contacts in the audience) and queues one bulk message
 * each, with its delivery row and timeline entry: three set-based statements. Call inside a
 * transaction, after the broadcast row is 'sending'. Returns how many were queued.
 */
export function queueBroadcast(ctx: Ctx, b: BroadcastRow): number {
  const message = broadcastMessage(b);
  return writeMessages(ctx.db, {
    broadcastId: b.id,
    message,
    timelineText: toPlainText(b.text),
    timelineMeta: message.choices ? JSON.stringify({ choices: message.choices }) : null,
    params: recipientParams(b.audience),
    now: ctx.clock.now(),
  });
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
  const s = prepared(db);
  const sending = s.sending.all() as number[];
  if (sending.length === 0) return 0;
  let finished = 0;
  for (const { id, lastSentAt } of drainedBroadcasts(db, sending)) {
    finished += s.finish.run({ id, lastSentAt, now: now.getTime() }).changes;
  }
  return finished;
}
