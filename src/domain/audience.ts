import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';

/** Who a requirement (or a broadcast) is for: units of some kinds, plus units named one by one. */
export type Audience = { audienceKinds: string[]; audienceUnitIds: number[] };

/**
 * SQL condition on a `units` row aliased `u`, with the kinds and ids passed as JSON arrays
 * in the named parameters @kinds and @unitIds. Shared by every query that needs "is this
 * unit in the audience", so the rule lives in one place: active, and of a listed kind OR listed.
 */
export const AUDIENCE_CONDITION = `u.active = 1 AND (
    u.kind IN (SELECT value FROM json_each(@kinds))
    OR u.id IN (SELECT value FROM json_each(@unitIds)))`;

export const audienceParams = (a: Audience) => ({
  kinds: JSON.stringify(a.audienceKinds),
  unitIds: JSON.stringify(a.audienceUnitIds),
});

const prepared = preparedFor((db) => ({
  all: db.$client.prepare(`SELECT u.id FROM units u WHERE ${AUDIENCE_CONDITION} ORDER BY u.id`).pluck(),
  one: db.$client.prepare(`SELECT 1 FROM units u WHERE u.id = @unitId AND ${AUDIENCE_CONDITION}`).pluck(),
}));

/** Ids of the active units in the audience, ascending; one SQL query. */
export function audienceUnitIds(db: Db, audience: Audience): number[] {
  return prepared(db).all.all(audienceParams(audience)) as number[];
}

/** Whether one unit is (active and) in the audience. */
export function isUnitInAudience(db: Db, audience: Audience, unitId: number): boolean {
  return prepared(db).one.get({ ...audienceParams(audience), unitId }) !== undefined;
}
