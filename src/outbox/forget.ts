import type { Db } from '../db/client.js';

/**
 * A deletion request: what was sent to this person is no longer kept. Rows stay (delivery
 * counts, dedupe keys) with their text blanked and the person unlinked; queued rows go out first.
 */
export function forgetContactMessages(db: Db, contactId: number): number {
  return db.$client
    .prepare(
      `UPDATE outbox SET payload = '{"text":""}', chat_id = '', contact_id = NULL, last_error = NULL
        WHERE contact_id = ? AND status IN ('sent', 'failed', 'cancelled')`,
    )
    .run(contactId).changes;
}
