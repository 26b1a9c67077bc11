import { eq } from 'drizzle-orm';
import { sessions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import type { FormRunState } from './forms/run.js';

export type Attachments = { fileIds: number[]; fileNames: string[]; links: string[] };

/** Where a chat is in its conversation; plain JSON in the sessions table. */
export type SessionState =
  | { flow: 'idle' }
  | { flow: 'submit'; step: 'choose'; options: number[]; pending?: Attachments }
  | ({ flow: 'submit'; step: 'attach'; requirementId: number } & Attachments)
  | ({ flow: 'submit'; step: 'form'; requirementId: number; form: FormRunState } & Attachments)
  | ({ flow: 'submit'; step: 'confirm'; requirementId: number; answers: Record<string, unknown> } & Attachments);

export const IDLE: SessionState = { flow: 'idle' };

export function sessionKey(channel: string, chatId: string): string {
  return `${channel}:${chatId}`;
}

export function loadSession(db: Db, key: string): SessionState {
  const row = db.select().from(sessions).where(eq(sessions.key, key)).get();
  const state = row?.state as SessionState | undefined;
  return state && typeof state === 'object' && 'flow' in state ? state : IDLE;
}

export function saveSession(db: Db, key: string, contactId: number | null, state: SessionState, now: Date): void {
  db.insert(sessions)
    .values({ key, contactId, state, updatedAt: now })
    .onConflictDoUpdate({ target: sessions.key, set: { state, contactId, updatedAt: now } })
    .run();
}
