import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import type { ContactChannel } from './contacts.js';

export type UnitContactBrief = { id: number; name: string; channel: ContactChannel; status: 'active' | 'blocked'; lastSeenAt: Date | null };

const statements = preparedFor((db) => ({
  all: db.$client
    .prepare(
      `SELECT unit_id, id, display_name, channel, status, last_seen_at FROM contacts
        WHERE role = 'unit_contact' AND status IN ('active', 'blocked') AND unit_id IS NOT NULL ORDER BY id`,
    )
    .raw(),
}));

/** Every unit's contacts that can still be reached or have blocked the bot (revoked ones are gone), in one query. */
export function unitContactsIndex(db: Db): Map<number, UnitContactBrief[]> {
  const map = new Map<number, UnitContactBrief[]>();
  type Cells = [number, number, string, ContactChannel, 'active' | 'blocked', number | null];
  for (const [unitId, id, name, channel, status, lastSeen] of statements(db).all.all() as Cells[]) {
    let list = map.get(unitId);
    if (!list) map.set(unitId, (list = []));
    list.push({ id, name, channel, status, lastSeenAt: lastSeen === null ? null : new Date(lastSeen) });
  }
  return map;
}

/** Whether the bot can reach the unit: someone linked and not blocking it. */
export type Reachability = 'reachable' | 'blocked' | 'none';

export function reachability(contacts: UnitContactBrief[] | undefined): Reachability {
  if (!contacts || contacts.length === 0) return 'none';
  return contacts.some((c) => c.status === 'active') ? 'reachable' : 'blocked';
}
