import { preparedFor } from '../db/prepared.js';
import type { Channel } from '../conversation/messages.js';

const statements = preparedFor((db) => ({
  byPlatformMessage: db.$client.prepare(
    `SELECT dedupe_key FROM outbox WHERE channel = ? AND chat_id = ? AND platform_message_id = ? AND status = 'sent' ORDER BY id DESC LIMIT 1`,
  ),
}));

/** The dedupe key of the message we sent that the platform knows by this id (a reply in a group points at it). */
export function dedupeKeyOfSentMessage(db: Parameters<typeof statements>[0], channel: Channel, chatId: string, platformMessageId: string): string | undefined {
  const row = statements(db).byPlatformMessage.get(channel, chatId, platformMessageId) as { dedupe_key: string } | undefined;
  return row?.dedupe_key;
}
