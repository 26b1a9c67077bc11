import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import type { Channel, InboundEvent } from '../core/messages.js';

export type StoredInbound = { id: number; event: InboundEvent; attempts: number };

/**
 * The durable inbox. An update is written here before the platform gets its acknowledgement;
 * (channel, update id) is unique, so a redelivery is recognised and dropped.
 */
export class InboundStore {
  private readonly insert;
  /** Runs `work` in one transaction (a savepoint when already inside one). */
  readonly atomically: (work: () => void) => void;
  private readonly pendingOfChat;
  private readonly pendingChats;
  private readonly attempt;
  private readonly done;
  private readonly failed;

  constructor(private readonly db: Db) {
    const sqlite = db.$client;
    this.insert = sqlite.prepare(
      `INSERT INTO inbound_updates (channel, update_id, chat_id, payload, status, attempts, received_at)
       VALUES (?, ?, ?, ?, 'received', 0, ?) ON CONFLICT (channel, update_id) DO NOTHING RETURNING id`,
    ).pluck();
    this.atomically = sqlite.transaction((work: () => void) => work());
    // Telegram update ids grow by one per update: order by them, not by arrival, because
    // telegraf hands a polled batch to handlers concurrently.
    this.pendingOfChat = sqlite.prepare(
      `SELECT id, payload, attempts FROM inbound_updates
        WHERE channel = ? AND chat_id = ? AND status = 'received'
        ORDER BY CASE WHEN channel = 'telegram' THEN CAST(update_id AS INTEGER) ELSE id END, id`,
    );
    this.pendingChats = sqlite.prepare(
      `SELECT DISTINCT channel, chat_id FROM inbound_updates WHERE status = 'received'`,
    );
    this.attempt = sqlite.prepare(`UPDATE inbound_updates SET attempts = attempts + 1, error = ? WHERE id = ?`);
    this.done = sqlite.prepare(`UPDATE inbound_updates SET status = 'done', processed_at = ?, error = NULL WHERE id = ?`);
    this.failed = sqlite.prepare(`UPDATE inbound_updates SET status = 'failed', processed_at = ?, error = ? WHERE id = ?`);
  }

  /** Stores the events; undefined in place of an update already stored (a redelivery). Call inside a transaction. */
  acceptMany(events: InboundEvent[], now: Date): (StoredInbound | undefined)[] {
    return events.map((event) => {
      const id = this.insert.get(event.channel, event.updateId, event.chatId, JSON.stringify(event), now.getTime()) as number | undefined;
      return id === undefined ? undefined : { id, event, attempts: 0 };
    });
  }

  pending(channel: Channel, chatId: string): StoredInbound[] {
    return (this.pendingOfChat.all(channel, chatId) as { id: number; payload: string; attempts: number }[]).map((r) => ({
      id: r.id,
      event: JSON.parse(r.payload) as InboundEvent,
      attempts: r.attempts,
    }));
  }

  chatsWithPending(): { channel: Channel; chatId: string }[] {
    return (this.pendingChats.all() as { channel: Channel; chat_id: string }[]).map((r) => ({ channel: r.channel, chatId: r.chat_id }));
  }

  recordAttempt(id: number, error: string): void {
    this.attempt.run(error.slice(0, 2000), id);
  }

  /** Marks an update handled; call inside the transaction of its effects. */
  markDone(id: number, now: Date): void {
    this.done.run(now.getTime(), id);
  }

  markFailed(id: number, now: Date, error: string): void {
    this.failed.run(now.getTime(), error.slice(0, 2000), id);
  }
}

/** A deletion request: what this chat sent is no longer kept (handled updates keep only their row for dedupe). */
export function forgetChatUpdates(db: Db, channel: Channel, chatId: string): number {
  return db.$client
    .prepare(`UPDATE inbound_updates SET payload = '{"erased":true}', error = NULL WHERE channel = ? AND chat_id = ? AND status != 'received'`)
    .run(channel, chatId).changes;
}

/** A denunciation's text stays on its ticket only: the stored update keeps no copy once handled. */
export function forgetUpdatePayload(db: Db, id: number): void {
  db.$client.prepare(`UPDATE inbound_updates SET payload = '{"confidential":true}' WHERE id = ?`).run(id);
}

const latest = preparedFor((db) =>
  db.$client.prepare(`SELECT json_extract(payload, '$.messageId') FROM inbound_updates WHERE channel = ? AND chat_id = ? ORDER BY id DESC LIMIT 1`).pluck(),
);

/** The platform id of the newest message this chat sent (a reply quotes it on the Zalo OA), if still kept. */
export function latestMessageId(db: Db, channel: Channel, chatId: string): string | undefined {
  const id = latest(db).get(channel, chatId);
  return typeof id === 'string' ? id : undefined;
}
