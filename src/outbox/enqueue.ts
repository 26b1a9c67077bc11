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

/**
 * Both inserts, prepared once per database: every inbound update and every broadcast row
 * comes through here. Plain statements: drizzle's mapping of the arguments and the returned
 * row cost more than the inserts themselves on the webhook's path.
 */
const statements = preparedFor((db: Db) => ({
  outbox: db.$client
    .prepare(
      `INSERT INTO outbox (dedupe_key, channel, chat_id, contact_id, lane, payload, status, next_attempt_at, broadcast_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    )
    .pluck(),
  timeline: db.$client.prepare(
    `INSERT INTO timeline_messages (contact_id, direction, channel, text, meta, outbox_id, created_at) VALUES (?, 'out', ?, ?, ?, ?, ?)`,
  ),
}));

/**
 * Writes an outbound message. Call it inside the transaction of the change that caused it.
 * Returns the new row id, or undefined when the dedupe key was already used.
 */
export function enqueueMessage(db: Db, now: Date, input: EnqueueInput): number | undefined {
  const stmts = statements(db);
  const id = stmts.outbox.get(
    input.dedupeKey,
    input.channel,
    input.chatId,
    input.contactId,
    input.lane,
    JSON.stringify(input.message),
    (input.notBefore ?? now).getTime(),
    input.broadcastId ?? null,
    now.getTime(),
  ) as number | undefined;
  if (id === undefined) return undefined;
  if (input.contactId !== null) {
    const meta = input.message.choices || input.message.link ? JSON.stringify({ choices: input.message.choices, link: input.message.link }) : null;
    stmts.timeline.run(input.contactId, input.channel, input.message.text, meta, id, now.getTime());
  }
  return id;
}
