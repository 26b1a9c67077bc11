import type { Ctx } from './context.js';

export type UnitRequirement = {
  id: number;
  title: string;
  kind: 'plan' | 'report';
  /** The unit's deadline: the requirement's, or the unit's own extension. */
  dueAt: Date;
  formKey: string | null;
  campaignTitle: string;
  /** The unit's latest submission, if any. */
  latest: { version: number; code: string; submittedAt: Date; onTime: boolean; reviewState: string; reviewReason: string | null } | null;
};

type Row = {
  id: number;
  title: string;
  kind: 'plan' | 'report';
  due_at: number;
  form_key: string | null;
  campaign_title: string;
  version: number | null;
  code: string | null;
  submitted_at: number | null;
  on_time: number | null;
  review_state: string | null;
  review_reason: string | null;
};

/** Open requirements (of open campaigns) whose audience includes the unit, by due time. */
export function openRequirementsForUnit(ctx: Ctx, unitId: number): UnitRequirement[] {
  const rows = ctx.db.$client
    .prepare(
      `SELECT r.id, r.title, r.kind, COALESCE(e.due_at, r.due_at) AS due_at, r.form_key, c.title AS campaign_title,
              s.version, s.code, s.submitted_at, s.on_time, s.review_state, s.review_reason
         FROM requirements r
         JOIN campaigns c ON c.id = r.campaign_id AND c.status = 'open'
         JOIN units u ON u.id = @unitId AND u.active = 1
         LEFT JOIN deadline_extensions e ON e.requirement_id = r.id AND e.unit_id = @unitId
         LEFT JOIN submissions s ON s.id = (
              SELECT id FROM submissions WHERE requirement_id = r.id AND unit_id = @unitId ORDER BY version DESC LIMIT 1)
        WHERE r.status = 'open'
          AND (u.kind IN (SELECT value FROM json_each(r.audience_kinds))
               OR u.id IN (SELECT value FROM json_each(r.audience_unit_ids)))
        ORDER BY r.due_at, r.id`,
    )
    .all({ unitId }) as Row[];
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    dueAt: new Date(r.due_at),
    formKey: r.form_key,
    campaignTitle: r.campaign_title,
    latest:
      r.version === null
        ? null
        : {
            version: r.version,
            code: r.code!,
            submittedAt: new Date(r.submitted_at!),
            onTime: r.on_time === 1,
            reviewState: r.review_state!,
            reviewReason: r.review_reason,
          },
  }));
}
