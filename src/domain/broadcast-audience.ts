import type { Channel } from '../core/messages.js';
import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { AUDIENCE_CONDITION, audienceParams } from './audience.js';
import type { Ctx } from './context.js';
import { invalid } from '../core/errors.js';
import { TOPIC_PATTERN } from './subscriptions.js';

export const BROADCAST_ROLES = ['unit_contact', 'citizen', 'staff'] as const;
export type BroadcastRole = (typeof BROADCAST_ROLES)[number];

/**
 * Who a broadcast is for. Roles pick kinds of contacts; unit kinds and units narrow unit
 * contacts; topics narrow citizens. Citizens are only ever those who subscribed to at least
 * one topic (announcements are opt-in for the public).
 */
export type BroadcastAudience = {
  roles: BroadcastRole[];
  unitKinds?: string[];
  unitIds?: number[];
  topics?: string[];
};

export type AudienceCount = {
  total: number;
  byRole: Record<BroadcastRole, number>;
  byChannel: Record<Channel, number>;
};

/**
 * SQL condition on `contacts c LEFT JOIN units u`: an active contact in the audience.
 * A contact has one role, so the three branches never count anyone twice.
 */
export const RECIPIENT_CONDITION = `c.status = 'active' AND (
    (@unitContacts = 1 AND c.role = 'unit_contact' AND u.active = 1
      AND (@narrowUnits = 0 OR (${AUDIENCE_CONDITION})))
    OR (@citizens = 1 AND c.role = 'citizen' AND EXISTS (
      SELECT 1 FROM subscriptions s WHERE s.contact_id = c.id
         AND (@anyTopic = 1 OR s.topic IN (SELECT value FROM json_each(@topics)))))
    OR (@staff = 1 AND c.role = 'staff'))`;

export const RECIPIENTS_FROM = `FROM contacts c LEFT JOIN units u ON u.id = c.unit_id`;

export function recipientParams(a: BroadcastAudience) {
  const kinds = a.unitKinds ?? [];
  const unitIds = a.unitIds ?? [];
  const topics = a.topics ?? [];
  return {
    unitContacts: a.roles.includes('unit_contact') ? 1 : 0,
    citizens: a.roles.includes('citizen') ? 1 : 0,
    staff: a.roles.includes('staff') ? 1 : 0,
    narrowUnits: kinds.length + unitIds.length > 0 ? 1 : 0,
    ...audienceParams({ audienceKinds: kinds, audienceUnitIds: unitIds }),
    anyTopic: topics.length === 0 ? 1 : 0,
    topics: JSON.stringify(topics),
  };
}

const uniqueSorted = <T extends string | number>(xs: T[] | undefined): T[] | undefined =>
  xs && xs.length > 0 ? [...new Set(xs)].sort() : undefined;

/** Checks an audience against the data (kinds and units exist) and returns it tidied. */
export function normalizeAudience(ctx: Ctx, input: BroadcastAudience): BroadcastAudience {
  const roles = [...new Set(input.roles)].filter((r) => (BROADCAST_ROLES as readonly string[]).includes(r));
  if (roles.length === 0) throw invalid('audience.roles: choose at least one of unit_contact, citizen, staff', 'audience.roles');
  const unitKinds = uniqueSorted(input.unitKinds);
  const unitIds = uniqueSorted(input.unitIds)?.sort((a, b) => a - b);
  const topics = uniqueSorted(input.topics?.map((t) => t.trim()));
  if ((unitKinds || unitIds) && !roles.includes('unit_contact')) {
    throw invalid('audience.unitKinds/unitIds narrow unit contacts: add unit_contact to roles', unitKinds ? 'audience.unitKinds' : 'audience.unitIds');
  }
  if (topics && !roles.includes('citizen')) {
    throw invalid('audience.topics narrow citizens: add citizen to roles', 'audience.topics');
  }
  const sqlite = ctx.db.$client;
  if (unitKinds) {
    const known = new Set(sqlite.prepare(`SELECT key FROM unit_kinds`).pluck().all() as string[]);
    const unknown = unitKinds.filter((k) => !known.has(k));
    if (unknown.length) throw invalid(`audience.unitKinds: unknown unit kind ${unknown.join(', ')}`, 'audience.unitKinds');
  }
  if (unitIds) {
    const found = new Set(
      sqlite.prepare(`SELECT id FROM units WHERE id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(unitIds)) as number[],
    );
    const unknown = unitIds.filter((id) => !found.has(id));
    if (unknown.length) throw invalid(`audience.unitIds: no unit ${unknown.join(', ')}`, 'audience.unitIds');
  }
  const bad = topics?.find((t) => !TOPIC_PATTERN.test(t));
  if (bad !== undefined) throw invalid(`audience.topics: "${bad}" is not a topic key (a-z, 0-9, - and _)`, 'audience.topics');
  return {
    roles: BROADCAST_ROLES.filter((r) => roles.includes(r)),
    ...(unitKinds ? { unitKinds } : {}),
    ...(unitIds ? { unitIds } : {}),
    ...(topics ? { topics } : {}),
  };
}

const countStatement = preparedFor((db) =>
  db.$client.prepare(
    `SELECT c.role AS role, c.channel AS channel, count(*) AS n ${RECIPIENTS_FROM} WHERE ${RECIPIENT_CONDITION} GROUP BY c.role, c.channel`,
  ),
);

/** How many would receive it now, by role and by channel: one grouped query. */
export function countAudience(db: Db, audience: BroadcastAudience): AudienceCount {
  const stmt = countStatement(db);
  const result: AudienceCount = {
    total: 0,
    byRole: { unit_contact: 0, citizen: 0, staff: 0 },
    byChannel: { telegram: 0, zalo: 0, zalo_oa: 0, web: 0 },
  };
  for (const row of stmt.all(recipientParams(audience)) as { role: BroadcastRole; channel: Channel; n: number }[]) {
    result.total += row.n;
    result.byRole[row.role] += row.n;
    result.byChannel[row.channel] += row.n;
  }
  return result;
}
