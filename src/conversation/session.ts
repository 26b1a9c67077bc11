import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import type { FormRunState } from './forms/run.js';
import type { CitizenState } from './citizen-state.js';

export type Attachments = { fileIds: number[]; fileNames: string[]; links: string[] };

/** Where a chat is in its conversation; plain JSON in the sessions table. */
export type SessionState =
  | { flow: 'idle' }
  | { flow: 'submit'; step: 'choose'; options: number[]; pending?: Attachments }
  | ({ flow: 'submit'; step: 'attach'; requirementId: number } & Attachments)
  | ({ flow: 'submit'; step: 'form'; requirementId: number; form: FormRunState } & Attachments)
  | ({ flow: 'submit'; step: 'confirm'; requirementId: number; answers: Record<string, unknown> } & Attachments)
  | CitizenState;

export const IDLE: SessionState = { flow: 'idle' };

export function sessionKey(channel: string, chatId: string): string {
  return `${channel}:${chatId}`;
}

function prepare(db: Db) {
  return {
    load: db.$client.prepare(`SELECT state FROM sessions WHERE key = ?`).pluck(),
    save: db.$client.prepare(
      `INSERT INTO sessions (key, contact_id, state, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET state = excluded.state, contact_id = excluded.contact_id, updated_at = excluded.updated_at`,
    ),
  };
}
const statements = preparedFor(prepare);

export function loadSession(db: Db, key: string): SessionState {
  const stored = statements(db).load.get(key) as string | undefined;
  const state = stored === undefined ? undefined : (JSON.parse(stored) as SessionState | null);
  return state && typeof state === 'object' && 'flow' in state ? state : IDLE;
}

export function saveSession(db: Db, key: string, contactId: number | null, state: SessionState, now: Date): void {
  statements(db).save.run(key, contactId, JSON.stringify(state), now.getTime());
}

/**
 * After staff answer a ticket, what the person writes next joins it: their chat goes into the
 * ticket's thread (left with /huy, the menu, or when the ticket closes).
 */
export function enterTicketThread(db: Db, who: { channel: string; chatId: string; contactId: number; ticketId: number }, now: Date): void {
  saveSession(db, sessionKey(who.channel, who.chatId), who.contactId, { flow: 'citizen', step: 'thread', ticketId: who.ticketId }, now);
}
