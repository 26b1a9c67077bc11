import type { Db } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';

export type StaffRole = 'admin' | 'staff' | 'viewer';

/** Who is doing a thing. The audit log takes it from here, never from the input. */
export type Actor =
  | { type: 'staff_user'; id: number; label: string; role: StaffRole }
  | { type: 'api_token'; id: number; label: string; role: StaffRole }
  | { type: 'bootstrap_token'; label: 'ADMIN_API_TOKEN'; role: 'admin' }
  | { type: 'unit_contact'; id: number; label: string; unitId: number }
  | { type: 'citizen'; id: number; label: string }
  /** Someone writing in the staff Telegram group who has no staff account linked: id is their platform user id. */
  | { type: 'staff_group_member'; id: string; label: string }
  | { type: 'system'; label: string };

/** What every domain verb receives: verb(ctx, input). */
export type Ctx = {
  db: Db;
  clock: Clock;
  log: Logger;
  actor: Actor;
  timeZone: string;
  filesDir: string;
};

export function actorId(actor: Actor): string | null {
  return 'id' in actor ? String(actor.id) : null;
}

export function withActor(ctx: Ctx, actor: Actor): Ctx {
  return { ...ctx, actor };
}

export const systemActor = (label: string): Actor => ({ type: 'system', label });
