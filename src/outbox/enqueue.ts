import { outbox, timelineMessages } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import type { Channel, OutboundMessage } from '../conversation/messages.js';

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

/**
 * Writes an outbound message. Call it inside the transaction of the change that caused it.
 * Returns the new row id, or undefined when the dedupe key was already used.
 */
export function enqueueMessage(db: Db, now: Date, input: EnqueueInput): number | undefined {
  const row = db
    .insert(outbox)
    .values({
      dedupeKey: input.dedupeKey,
      channel: input.channel,
      chatId: input.chatId,
      contactId: input.contactId,
      lane: input.lane,
      payload: input.message,
      status: 'queued',
      nextAttemptAt: input.notBefore ?? now,
      broadcastId: input.broadcastId ?? null,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id })
    .get();
  if (!row) return undefined;
  if (input.contactId !== null) {
    db.insert(timelineMessages)
      .values({
        contactId: input.contactId,
        direction: 'out',
        channel: input.channel,
        text: input.message.text,
        meta: input.message.choices || input.message.link ? { choices: input.message.choices, link: input.message.link } : null,
        outboxId: row.id,
        createdAt: now,
      })
      .run();
  }
  return row.id;
}
