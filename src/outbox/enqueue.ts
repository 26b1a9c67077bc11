import { sql } from 'drizzle-orm';
import { outbox, timelineMessages } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import type { Channel, OutboundMessage } from '../core/messages.js';

export type OutboxLane = 'reply' | 'bulk';

export type EnqueueInput = {
  /** Same key → same message: every producer is idempotent through it. */
  dedupeKey: string;
  channel: Channel;
  chatId: string;
  contactId: number | null;
  lane: OutboxLane;
  message: OutboundMessage;
  broadcastId?: number;
  /** Earliest send time (quiet hours, scheduled); defaults to now. */
  notBefore?: Date;
};

const p = (name: string) => sql.placeholder(name);

/**
 * Both inserts, prepared once per database: every inbound update and every broadcast row
 * comes through here, and building + preparing the SQL each time cost more than running it.
 */
function prepare(db: Db) {
  return {
    outbox: db
      .insert(outbox)
      .values({
        dedupeKey: p('dedupeKey'),
        channel: p('channel'),
        chatId: p('chatId'),
        contactId: p('contactId'),
        lane: p('lane'),
        payload: p('payload'),
        status: 'queued',
        nextAttemptAt: p('nextAttemptAt'),
        broadcastId: p('broadcastId'),
        createdAt: p('createdAt'),
      })
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id })
      .prepare(),
    timeline: db
      .insert(timelineMessages)
      .values({
        contactId: p('contactId'),
        direction: 'out',
        channel: p('channel'),
        text: p('text'),
        // Raw, not through the JSON column encoder: that would store the text 'null'.
        meta: sql`${p('meta')}`,
        outboxId: p('outboxId'),
        createdAt: p('createdAt'),
      })
      .prepare(),
  };
}

const statements = preparedFor(prepare);

/**
 * Writes an outbound message. Call it inside the transaction of the change that caused it.
 * Returns the new row id, or undefined when the dedupe key was already used.
 */
export function enqueueMessage(db: Db, now: Date, input: EnqueueInput): number | undefined {
  const stmts = statements(db);
  const row = stmts.outbox.get({
    dedupeKey: input.dedupeKey,
    channel: input.channel,
    chatId: input.chatId,
    contactId: input.contactId,
    lane: input.lane,
    payload: input.message,
    nextAttemptAt: input.notBefore ?? now,
    broadcastId: input.broadcastId ?? null,
    createdAt: now,
  });
  if (!row) return undefined;
  if (input.contactId !== null) {
    stmts.timeline.run({
      contactId: input.contactId,
      channel: input.channel,
      text: input.message.text,
      meta: input.message.choices || input.message.link ? JSON.stringify({ choices: input.message.choices, link: input.message.link }) : null,
      outboxId: row.id,
      createdAt: now,
    });
  }
  return row.id;
}
