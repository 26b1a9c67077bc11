import { preparedFor } from '../db/prepared.js';
import { cleanText } from '../lib/text.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { invalid, notFound } from '../core/errors.js';

/**
 * The answers that describe a unit's "Dân vận khéo" model, by question id: the report form
 * (bot-flows/forms/bao-cao-dan-van-kheo.yaml) asks `mo_hinh_tieu_bieu` and counts recognised
 * models in `so_mo_hinh`. A later year's form that uses the same ids has its models listed too.
 */
export const MODEL_ANSWER = 'mo_hinh_tieu_bieu';
export const MODEL_COUNT_ANSWER = 'so_mo_hinh';

export type ModelQuery = { unitKind?: string; area?: string; campaignId?: number; replicated?: boolean };

export type ReportedModel = {
  requirement: { id: number; title: string };
  campaign: { id: number; title: string };
  unit: { id: number; code: string; name: string; kind: string; kindLabel: string; area: string | null };
  submissionId: number;
  version: number;
  submittedAt: Date;
  reviewState: 'received' | 'accepted' | 'returned';
  /** The model as the unit described it. */
  text: string;
  /** How many recognised models the unit reported, when it answered. */
  count: number | null;
  replication: { note: string; markedBy: string; markedAt: Date } | null;
};

export type ModelList = {
  items: ReportedModel[];
  /** What the filters can choose from (over every reported model). */
  kinds: { key: string; label: string; count: number }[];
  areas: { area: string; count: number }[];
  campaigns: { id: number; title: string; count: number }[];
};

const statements = preparedFor((db) => ({
  // The latest version of each unit's submission to each requirement, when it describes a model.
  models: db.$client
    .prepare(
      `SELECT s.id, s.version, s.submitted_at, s.review_state,
              json_extract(s.answers, '$.${MODEL_ANSWER}'), json_extract(s.answers, '$.${MODEL_COUNT_ANSWER}'),
              r.id, r.title, c.id, c.title, u.id, u.code, u.name, u.kind, coalesce(k.label, u.kind), u.area,
              m.note, coalesce(su.display_name, m.marked_by), m.marked_at
         FROM submissions s
         JOIN requirements r ON r.id = s.requirement_id
         JOIN campaigns c ON c.id = r.campaign_id
         JOIN units u ON u.id = s.unit_id
         LEFT JOIN unit_kinds k ON k.key = u.kind
         LEFT JOIN model_replications m ON m.requirement_id = s.requirement_id AND m.unit_id = s.unit_id
         LEFT JOIN staff_users su ON su.id = m.staff_user_id
        WHERE json_type(s.answers, '$.${MODEL_ANSWER}') = 'text' AND trim(json_extract(s.answers, '$.${MODEL_ANSWER}')) <> ''
          AND s.version = (SELECT max(x.version) FROM submissions x WHERE x.requirement_id = s.requirement_id AND x.unit_id = s.unit_id)
        ORDER BY c.id DESC, u.code`,
    )
    .raw(),
  latest: db.$client
    .prepare(
      `SELECT 1 FROM submissions s WHERE s.requirement_id = ? AND s.unit_id = ? AND json_type(s.answers, '$.${MODEL_ANSWER}') = 'text'`,
    )
    .pluck(),
  mark: db.$client.prepare(
    `INSERT INTO model_replications (requirement_id, unit_id, note, staff_user_id, marked_by, marked_at) VALUES (@requirementId, @unitId, @note, @staffUserId, @markedBy, @markedAt)
     ON CONFLICT (requirement_id, unit_id) DO UPDATE SET note = excluded.note, staff_user_id = excluded.staff_user_id, marked_by = excluded.marked_by, marked_at = excluded.marked_at`,
  ),
  unmark: db.$client.prepare(`DELETE FROM model_replications WHERE requirement_id = ? AND unit_id = ?`),
}));

type Cells = [
  submissionId: number, version: number, submittedAt: number, reviewState: ReportedModel['reviewState'], text: string, count: unknown,
  requirementId: number, requirementTitle: string, campaignId: number, campaignTitle: string,
  unitId: number, unitCode: string, unitName: string, unitKind: string, kindLabel: string, area: string | null,
  note: string | null, markedBy: string | null, markedAt: number | null,
];

function tally<K>(map: Map<K, { count: number }>, key: K, make: () => { count: number }): void {
  (map.get(key) ?? map.set(key, make()).get(key)!).count += 1;
}

/** Every reported model, newest campaign first, by unit code; filtered by unit kind, area, campaign, and marked or not. */
export function listModels(ctx: Ctx, q: ModelQuery = {}): ModelList {
  const all = (statements(ctx.db).models.all() as Cells[]).map(
    (c): ReportedModel => ({
      submissionId: c[0],
      version: c[1],
      submittedAt: new Date(c[2]),
      reviewState: c[3],
      text: c[4],
      count: typeof c[5] === 'number' ? c[5] : null,
      requirement: { id: c[6], title: c[7] },
      campaign: { id: c[8], title: c[9] },
      unit: { id: c[10], code: c[11], name: c[12], kind: c[13], kindLabel: c[14], area: c[15] },
      replication: c[16] === null ? null : { note: c[16], markedBy: c[17]!, markedAt: new Date(c[18]!) },
    }),
  );
  const kinds = new Map<string, { key: string; label: string; count: number }>();
  const areas = new Map<string, { area: string; count: number }>();
  const campaigns = new Map<number, { id: number; title: string; count: number }>();
  for (const m of all) {
    tally(kinds, m.unit.kind, () => ({ key: m.unit.kind, label: m.unit.kindLabel, count: 0 }));
    if (m.unit.area) tally(areas, m.unit.area, () => ({ area: m.unit.area!, count: 0 }));
    tally(campaigns, m.campaign.id, () => ({ id: m.campaign.id, title: m.campaign.title, count: 0 }));
  }
  const items = all.filter(
    (m) =>
      (!q.unitKind || m.unit.kind === q.unitKind) &&
      (!q.area || m.unit.area === q.area) &&
      (q.campaignId === undefined || m.campaign.id === q.campaignId) &&
      (q.replicated === undefined || (m.replication !== null) === q.replicated),
  );
  const byText = (a: string, b: string) => a.localeCompare(b, 'vi');
  return {
    items,
    kinds: [...kinds.values()].sort((a, b) => byText(a.label, b.label)),
    areas: [...areas.values()].sort((a, b) => byText(a.area, b.area)),
    campaigns: [...campaigns.values()],
  };
}

/** Staff choose a model to spread (nhân rộng), saying why or how; marking again replaces the note. */
export function markModelForReplication(ctx: Ctx, input: { requirementId: number; unitId: number; note: string }): void {
  const note = cleanText(input.note).slice(0, 1000);
  if (!note) throw invalid('Anh/chị ghi chú vì sao hoặc nhân rộng mô hình này thế nào.', 'note');
  ctx.db.transaction(() => {
    const st = statements(ctx.db);
    if (!st.latest.get(input.requirementId, input.unitId)) throw notFound('reported model', `${input.requirementId}/${input.unitId}`);
    const markedAt = ctx.clock.now();
    const values = { ...input, note, staffUserId: ctx.actor.type === 'staff_user' ? ctx.actor.id : null, markedBy: ctx.actor.label, markedAt: markedAt.getTime() };
    st.mark.run(values);
    recordAudit(ctx, { action: 'model.replicate', entity: 'unit', entityId: input.unitId, after: { requirementId: input.requirementId, note } });
  });
}

export function unmarkModel(ctx: Ctx, input: { requirementId: number; unitId: number }): void {
  ctx.db.transaction(() => {
    if (statements(ctx.db).unmark.run(input.requirementId, input.unitId).changes === 0) throw notFound('replication mark', `${input.requirementId}/${input.unitId}`);
    recordAudit(ctx, { action: 'model.unreplicate', entity: 'unit', entityId: input.unitId, after: { requirementId: input.requirementId } });
  });
}
