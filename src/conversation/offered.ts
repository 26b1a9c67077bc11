import { CAPABILITIES } from '../core/capabilities.js';
import { offeredOf, pickOffered, type Offered } from '../core/choices.js';
import type { Channel, InboundEvent, OutboundMessage } from '../core/messages.js';
import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { sessionKey } from './session.js';

const statements = preparedFor((db: Db) => ({
  save: db.$client.prepare(
    `INSERT INTO offered_choices (key, offered, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET offered = excluded.offered, updated_at = excluded.updated_at`,
  ),
  forget: db.$client.prepare(`DELETE FROM offered_choices WHERE key = ?`),
  load: db.$client.prepare(`SELECT offered FROM offered_choices WHERE key = ?`),
}));

/**
 * A message was delivered: on a channel without buttons, what the person may now type back
 * is what this message offered, nothing older (a "2" typed after a plain question is an answer).
 */
export function rememberOffered(db: Db, channel: Channel, chatId: string, message: OutboundMessage, now: Date): void {
  if (CAPABILITIES[channel].buttons) return;
  const offered = offeredOf(message);
  const key = sessionKey(channel, chatId);
  if (offered) statements(db).save.run(key, JSON.stringify(offered), now.getTime());
  else statements(db).forget.run(key);
}

/**
 * A number or a label typed on a buttonless channel becomes the press of the choice it names;
 * anything else is left as typed.
 */
export function resolveTypedChoice(db: Db, event: InboundEvent): InboundEvent {
  if (event.kind !== 'text' || CAPABILITIES[event.channel].buttons || !event.text) return event;
  const row = statements(db).load.get(sessionKey(event.channel, event.chatId)) as { offered: string } | undefined;
  const data = row ? pickOffered(JSON.parse(row.offered) as Offered, event.text) : undefined;
  return data === undefined ? event : { ...event, kind: 'button', data };
}
