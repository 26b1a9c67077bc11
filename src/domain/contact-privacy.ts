import { sql, type SQL } from 'drizzle-orm';
import { contacts } from '../db/schema/index.js';
import type { Actor } from './context.js';

/**
 * Which people an actor may see by name in contact lists, timelines and exports:
 * - `all`: the admin role, and the service itself (jobs, the bot, a unit contact's own turn);
 * - `no_denouncers`: the staff role: citizens yes, but nobody who sent a denunciation;
 * - `units_only`: the viewer role (leaders): unit contacts and staff chats, no citizen at all.
 */
export type ContactVisibility = 'all' | 'no_denouncers' | 'units_only';

export function contactVisibility(actor: Actor): ContactVisibility {
  if (!('role' in actor)) return 'all';
  return actor.role === 'admin' ? 'all' : actor.role === 'staff' ? 'no_denouncers' : 'units_only';
}

/** SQL over a contact id: whoever sent a denunciation. */
export const DENOUNCER_SQL = (contactId: string) => `EXISTS (SELECT 1 FROM tickets dt WHERE dt.contact_id = ${contactId} AND dt.kind = 'denunciation')`;

/** The contacts an actor may not see, as a condition on the contacts table; undefined when none. */
export function hiddenContactCondition(visibility: ContactVisibility): SQL | undefined {
  if (visibility === 'all') return undefined;
  const denouncer = sql.raw(DENOUNCER_SQL('"contacts"."id"'));
  return visibility === 'units_only' ? sql`(${contacts.role} = 'citizen' OR ${denouncer})` : denouncer;
}
