import { preparedFor } from '../db/prepared.js';
import type { Channel } from '../core/messages.js';

const statements = preparedFor((db) => ({
  byPlatformMessage: db.$client.prepare(
    `SELECT dedupe_key FROM outbox WHERE channel = ? AND chat_id = ? AND platform_message_id = ? AND status = 'sent' ORDER BY id DESC LIMIT 1`,
  ),
  origins: db.$client.prepare(
    `SELECT id, dedupe_key AS dedupeKey, broadcast_id AS broadcastId FROM outbox WHERE id IN (SELECT value FROM json_each(?))`,
  ),
  toNobody: db.$client.prepare(
    `SELECT id, created_at AS at, payload FROM outbox
      WHERE channel = @channel AND chat_id = @chatId AND contact_id IS NULL AND created_at >= @after ORDER BY created_at, id LIMIT @limit`,
  ),
}));

/** What caused each of these messages: its dedupe key (reminder, review, …) and broadcast, if any. */
export function messageOrigins(db: Parameters<typeof statements>[0], outboxIds: number[]): Map<number, { dedupeKey: string; broadcastId: number | null }> {
  const rows = statements(db).origins.all(JSON.stringify(outboxIds)) as { id: number; dedupeKey: string; broadcastId: number | null }[];
  return new Map(rows.map(({ id, ...origin }) => [id, origin]));
}

/**
 * Messages to a chat that has no contact yet (a bare /start, a refused code): the timeline
 * cannot show them. From `after` (epoch ms) on, oldest first, at most `limit`.
 */
export function messagesToUnknownChat(
  db: Parameters<typeof statements>[0],
  q: { channel: Channel; chatId: string; after: number; limit: number },
): { id: number; at: number; payload: string }[] {
  return statements(db).toNobody.all(q) as { id: number; at: number; payload: string }[];
}

/** The dedupe key of the message we sent that the platform knows by this id (a reply in a group points at it). */
export function dedupeKeyOfSentMessage(db: Parameters<typeof statements>[0], channel: Channel, chatId: string, platformMessageId: string): string | undefined {
  const row = statements(db).byPlatformMessage.get(channel, chatId, platformMessageId) as { dedupe_key: string } | undefined;
  return row?.dedupe_key;
}
