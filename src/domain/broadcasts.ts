import { count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { preparedFor } from '../db/prepared.js';
import { broadcasts, files } from '../db/schema/index.js';
import { toPlainText } from '../lib/formatting.js';
import { parseInstant } from '../lib/time.js';
import { cancelBroadcastMessages, dropMessagesOfCancelledBroadcasts } from '../outbox/broadcast-messages.js';
import { recordAudit } from './audit.js';
import { countAudience, normalizeAudience, type AudienceCount, type BroadcastAudience } from './broadcast-audience.js';
import { finishDrainedBroadcasts, dueBroadcastIds, queueBroadcast, startScheduled, type BroadcastRow } from './broadcast-send.js';
import { deliveryCounts, type DeliveryCounts } from './broadcast-status.js';
import type { Ctx } from './context.js';
import { closed, invalid, notFound } from '../core/errors.js';

export type Broadcast = Omit<typeof broadcasts.$inferSelect, 'audience'> & { audience: BroadcastAudience };
export type BroadcastStatus = Broadcast['status'];

/** Fits one Telegram message after rendering; channels with smaller limits split it. */
export const MAX_BROADCAST_TEXT = 3500;

export type BroadcastInput = {
  title?: string;
  /** The formatting subset of src/lib/formatting.ts: **bold**, _italic_, [text](https://…). */
  text: string;
  audience: BroadcastAudience;
  requireAck?: boolean;
  /** ISO with offset, or local "YYYY-MM-DD HH:MM" in ctx.timeZone; absent = send now. */
  scheduledAt?: string | null;
  attachmentFileId?: number | null;
};

const toBroadcast = (row: typeof broadcasts.$inferSelect): Broadcast => ({ ...row, audience: row.audience as BroadcastAudience });
const asRow = (b: Broadcast): BroadcastRow => ({
  id: b.id,
  text: b.text,
  audience: b.audience,
  requireAck: b.requireAck,
  attachmentFileId: b.attachmentFileId,
});

function defaultTitle(text: string): string {
  const firstLine = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  const bare = toPlainText(firstLine);
  return bare.length > 80 ? `${bare.slice(0, 79)}…` : bare;
}

/** Who would receive it if it were sent now (nothing is written). */
export function previewAudience(ctx: Ctx, audience: BroadcastAudience): AudienceCount {
  return countAudience(ctx.db, normalizeAudience(ctx, audience));
}

/**
 * Creates a broadcast. Without scheduledAt it is sent at once: the recipients are resolved
 * and every message queued (bulk lane) in the same transaction as the row and its audit entry.
 * With scheduledAt it waits for the `broadcasts` job.
 */
export function createBroadcast(ctx: Ctx, input: BroadcastInput): Broadcast & { queued: number } {
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (text.length === 0) throw invalid('text: must not be empty', 'text');
  if (text.length > MAX_BROADCAST_TEXT) throw invalid(`text: at most ${MAX_BROADCAST_TEXT} characters (got ${text.length})`, 'text');
  const audience = normalizeAudience(ctx, input.audience);
  const now = ctx.clock.now();
  let scheduledAt: Date | null = null;
  if (input.scheduledAt !== undefined && input.scheduledAt !== null && input.scheduledAt.trim() !== '') {
    const at = parseInstant(input.scheduledAt, ctx.timeZone);
    if (!at) throw invalid('scheduledAt: not a readable time (use 2026-05-23 08:00 or ISO 8601)', 'scheduledAt');
    if (at.getTime() < now.getTime()) throw invalid('scheduledAt: is in the past', 'scheduledAt');
    scheduledAt = at;
  }
  const attachmentFileId = input.attachmentFileId ?? null;
  if (attachmentFileId !== null && !ctx.db.select({ id: files.id }).from(files).where(eq(files.id, attachmentFileId)).get()) {
    throw invalid(`attachmentFileId: no file ${attachmentFileId}`, 'attachmentFileId');
  }
  const title = input.title?.trim() || defaultTitle(text);

  return ctx.db.transaction(() => {
    const row = ctx.db
      .insert(broadcasts)
      .values({
        title,
        text,
        attachmentFileId,
        audience,
        requireAck: input.requireAck ?? false,
        scheduledAt,
        status: scheduledAt ? 'scheduled' : 'sending',
        createdBy: ctx.actor.label,
        startedAt: scheduledAt ? null : now,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const created = toBroadcast(row);
    const queued = scheduledAt ? 0 : queueBroadcast(ctx, asRow(created));
    recordAudit(ctx, { action: 'broadcast.create', entity: 'broadcast', entityId: created.id, after: { ...created, queued } });
    return { ...created, queued };
  });
}

// Prepared once: a staff page following a broadcast asks for it every few seconds.
const broadcastById = preparedFor((db) => db.select().from(broadcasts).where(eq(broadcasts.id, sql.placeholder('id'))).prepare());

export function getBroadcast(ctx: Ctx, id: number): Broadcast {
  const row = broadcastById(ctx.db).get({ id });
  if (!row) throw notFound('broadcast', id);
  return toBroadcast(row);
}

/** The status people should see: a 'sending' broadcast with nothing left to send is sent. */
export function effectiveStatus(b: Broadcast, counts: DeliveryCounts): BroadcastStatus {
  return b.status === 'sending' && counts.queued + counts.sending === 0 ? 'sent' : b.status;
}

/**
 * Cancels a broadcast: a scheduled one is never sent; of one being sent, every message still
 * queued is dropped (one UPDATE), what was already sent stays sent. Cancelling again is a no-op.
 */
export function cancelBroadcast(ctx: Ctx, id: number): Broadcast & { dropped: number } {
  return ctx.db.transaction(() => {
    const before = getBroadcast(ctx, id);
    if (before.status === 'cancelled') return { ...before, dropped: 0 };
    if (effectiveStatus(before, deliveryCounts(ctx.db, id)) === 'sent') throw closed(`broadcast ${id} has already been sent`);
    const now = ctx.clock.now();
    const dropped = cancelBroadcastMessages(ctx.db, id);
    const after = toBroadcast(
      ctx.db.update(broadcasts).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(broadcasts.id, id)).returning().get()!,
    );
    recordAudit(ctx, {
      action: 'broadcast.cancel',
      entity: 'broadcast',
      entityId: id,
      before: { status: before.status },
      after: { status: after.status, cancelledAt: now, dropped },
    });
    return { ...after, dropped };
  });
}

export function listBroadcasts(
  ctx: Ctx,
  q: { status?: BroadcastStatus; limit: number; offset: number },
): { items: (Broadcast & { counts: DeliveryCounts })[]; total: number } {
  const where: SQL | undefined = q.status ? eq(broadcasts.status, q.status) : undefined;
  const rows = ctx.db
    .select()
    .from(broadcasts)
    .where(where)
    .orderBy(desc(broadcasts.createdAt), desc(broadcasts.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  const total = ctx.db.select({ n: count() }).from(broadcasts).where(where).get()?.n ?? 0;
  const counts = deliveryCounts(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => ({ ...toBroadcast(r), counts: counts.get(r.id)! })), total };
}

/**
 * The job's work: sends the scheduled broadcasts that are due (each in its own transaction,
 * claimed by its status, so a second run sends nothing twice), drops what is still queued of
 * cancelled ones (a message in flight at cancel time may have been requeued by a retry), and
 * marks drained ones sent.
 */
export function sendDueBroadcasts(ctx: Ctx): { started: number; queued: number; finished: number; dropped: number } {
  const now = ctx.clock.now();
  let started = 0;
  let queued = 0;
  const ids = dueBroadcastIds(ctx.db, now);
  if (ids.length > 0) {
    const due = ctx.db.select().from(broadcasts).where(inArray(broadcasts.id, ids)).all().map(toBroadcast);
    for (const b of due) {
      const n = startScheduled(ctx, asRow(b));
      if (n === undefined) continue;
      started += 1;
      queued += n;
      ctx.log.info({ broadcastId: b.id, queued: n }, 'scheduled broadcast started');
    }
  }
  const dropped = dropMessagesOfCancelledBroadcasts(ctx.db);
  const finished = finishDrainedBroadcasts(ctx.db, now);
  return { started, queued, finished, dropped };
}
