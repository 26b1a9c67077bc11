import { preparedFor } from '../db/prepared.js';
import { wallClock } from '../lib/local-iso.js';
import { foldVietnamese } from '../lib/text.js';
import { DAY } from '../lib/time.js';
import type { Ctx } from './context.js';
import { listUnitKinds } from './unit-kinds.js';

/**
 * How a unit met one requirement: sent on time, sent late, nothing past the deadline (missing),
 * its latest version returned by staff, or not due yet (not counted). Each unit's own deadline
 * (gia hạn) holds; on time is the first version's flag, as on the requirement page.
 */
export type PunctualityStatus = 'on_time' | 'late' | 'missing' | 'returned' | 'not_due';

/**
 * Points per requirement; the score is their average over the requirements that counted.
 * Late loses 10 points a day (a late day started counts), down to 40: late is still better
 * than nothing. Returned (a new version owed) is worth half.
 */
export const SCORE_RULE = { onTime: 100, returned: 50, missing: 0, latePerDay: 10, lateFloor: 40 } as const;

/** Times as epoch milliseconds: 40,000 cells are cheaper without a Date each (the export makes them). */
export type PunctualityCell = { status: PunctualityStatus; daysLate: number | null; dueAt: number; submittedAt: number | null; extended: boolean };

export type PunctualityRow = {
  unit: { id: number; code: string; name: string; kind: string; kindLabel: string; parentName: string | null };
  /** Requirements the unit was asked for in the scope. */
  asked: number;
  onTime: number;
  late: number;
  /** Days late summed over the late ones. */
  daysLate: number;
  missing: number;
  returned: number;
  notDue: number;
  /** 0–100, one decimal; null while nothing has counted yet. */
  score: number | null;
  /** With `withCells`: one per requirement of the record, in its order; null where the unit was not asked. */
  cells: (PunctualityCell | null)[];
};

export const PUNCTUALITY_SORTS = ['score', 'name', 'onTime', 'late', 'daysLate', 'missing', 'returned'] as const;
export type PunctualitySort = (typeof PUNCTUALITY_SORTS)[number];
export type PunctualityQuery = {
  campaignId?: number;
  kind?: string;
  q?: string;
  sort?: PunctualitySort;
  desc?: boolean;
  /** Each requirement's cell per unit too (the export's detail sheet); the page needs only the totals. */
  withCells?: boolean;
};

export type PunctualityRecord = {
  requirements: { id: number; title: string; campaignTitle: string; dueAt: Date }[];
  rows: PunctualityRow[];
  kinds: { key: string; label: string }[];
};

const statements = preparedFor((db) => ({
  requirements: db.$client
    .prepare(
      `SELECT r.id, r.title, c.title, r.due_at, r.audience_kinds, r.audience_unit_ids FROM requirements r JOIN campaigns c ON c.id = r.campaign_id
        WHERE (@campaignId = 0 OR r.campaign_id = @campaignId) ORDER BY r.due_at, r.id`,
    )
    .raw(),
  units: db.$client
    .prepare(`SELECT u.id, u.code, u.name, u.kind, p.name, u.search_text FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.active = 1 ORDER BY u.code`)
    .raw(),
  // Every version, in version order: the first gives on time and when, the last its review state.
  // (A plain scan read in JS: the grouped self-join took 115 ms for 24,000 submissions, this 15.)
  submissions: db.$client
    .prepare(
      `SELECT requirement_id, unit_id, review_state, on_time, submitted_at FROM submissions
        WHERE requirement_id IN (SELECT value FROM json_each(?)) ORDER BY requirement_id, unit_id, version`,
    )
    .raw(),
  extensions: db.$client.prepare(`SELECT requirement_id, unit_id, due_at FROM deadline_extensions WHERE requirement_id IN (SELECT value FROM json_each(?))`).raw(),
}));

type RequirementCells = [id: number, title: string, campaignTitle: string, dueAt: number, kinds: string, unitIds: string];
type UnitCells = [id: number, code: string, name: string, kind: string, parentName: string | null, searchText: string];
type SubmissionCells = [requirementId: number, unitId: number, reviewState: string, onTime: number, submittedAt: number];
/** A unit's submissions to one requirement, as the record needs them. */
type Sent = { latestReview: string; firstOnTime: boolean; firstAt: number };

export function pointsFor(status: PunctualityStatus, daysLate: number | null): number | null {
  switch (status) {
    case 'on_time':
      return SCORE_RULE.onTime;
    case 'late':
      return Math.max(SCORE_RULE.lateFloor, SCORE_RULE.onTime - SCORE_RULE.latePerDay * Math.max(1, daysLate ?? 1));
    case 'returned':
      return SCORE_RULE.returned;
    case 'missing':
      return SCORE_RULE.missing;
    case 'not_due':
      return null;
  }
}

const byText = (a: string, b: string) => a.localeCompare(b, 'vi');
// Unit codes are ASCII: a plain comparison (localeCompare cost ~40 ms over 2,000 units of ties).
const byCode = (a: PunctualityRow, b: PunctualityRow) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0);
const COMPARE: Record<PunctualitySort, (a: PunctualityRow, b: PunctualityRow) => number> = {
  // Best first; units with nothing counted yet at the end.
  score: (a, b) => (a.score === null ? (b.score === null ? 0 : 1) : b.score === null ? -1 : b.score - a.score),
  name: byCode,
  onTime: (a, b) => b.onTime - a.onTime,
  late: (a, b) => b.late - a.late,
  daysLate: (a, b) => b.daysLate - a.daysLate,
  missing: (a, b) => b.missing - a.missing,
  returned: (a, b) => b.returned - a.returned,
};

/**
 * The punctuality record for the emulation review (tiêu chí xếp loại thi đua): every active
 * unit asked for anything in the scope, across campaigns and requirements, with on time, late
 * (and days late), missing, returned and a score. Four queries; the rest is arithmetic.
 */
export function punctualityRecord(ctx: Ctx, query: PunctualityQuery = {}): PunctualityRecord {
  const st = statements(ctx.db);
  const reqs = st.requirements.all({ campaignId: query.campaignId ?? 0 }) as RequirementCells[];
  const ids = JSON.stringify(reqs.map((r) => r[0]));
  const subs = new Map<number, Map<number, Sent>>(reqs.map((r) => [r[0], new Map()]));
  for (const [requirementId, unitId, review, onTime, at] of st.submissions.all(ids) as SubmissionCells[]) {
    const byUnit = subs.get(requirementId)!;
    const sent = byUnit.get(unitId);
    if (sent) sent.latestReview = review;
    else byUnit.set(unitId, { latestReview: review, firstOnTime: onTime === 1, firstAt: at });
  }
  const extended = new Map<number, Map<number, number>>(reqs.map((r) => [r[0], new Map()]));
  for (const [requirementId, unitId, dueAt] of st.extensions.all(ids) as [number, number, number][]) extended.get(requirementId)!.set(unitId, dueAt);
  const audiences = reqs.map((r) => ({ kinds: new Set(JSON.parse(r[4]) as string[]), unitIds: new Set(JSON.parse(r[5]) as number[]) }));

  const kindLabels = new Map(listUnitKinds(ctx).map((k) => [k.key, k.label]));
  const needle = query.q ? foldVietnamese(query.q).trim() : '';
  const now = ctx.clock.now().getTime();
  const local = wallClock(ctx.timeZone);
  const dayOf = (ms: number) => Math.floor(local(new Date(ms)).getTime() / DAY);

  const rows: PunctualityRow[] = [];
  const kindsAsked = new Set<string>();
  for (const [id, code, name, kind, parentName, searchText] of st.units.all() as UnitCells[]) {
    if (audiences.some((a) => a.kinds.has(kind) || a.unitIds.has(id))) kindsAsked.add(kind);
    if (query.kind && kind !== query.kind) continue;
    if (needle && !searchText.includes(needle)) continue;
    const row: PunctualityRow = {
      unit: { id, code, name, kind, kindLabel: kindLabels.get(kind) ?? kind, parentName },
      asked: 0, onTime: 0, late: 0, daysLate: 0, missing: 0, returned: 0, notDue: 0, score: null,
      cells: [],
    };
    let points = 0;
    let counted = 0;
    for (let i = 0; i < reqs.length; i++) {
      const r = reqs[i]!;
      const audience = audiences[i]!;
      if (!audience.kinds.has(kind) && !audience.unitIds.has(id)) {
        if (query.withCells) row.cells.push(null);
        continue;
      }
      const own = extended.get(r[0])!.get(id);
      const dueAt = own ?? r[3];
      const sub = subs.get(r[0])!.get(id);
      const status: PunctualityStatus = !sub ? (now > dueAt ? 'missing' : 'not_due') : sub.latestReview === 'returned' ? 'returned' : sub.firstOnTime ? 'on_time' : 'late';
      const daysLate = status === 'late' ? Math.max(0, dayOf(sub!.firstAt) - dayOf(dueAt)) : null;
      if (query.withCells) row.cells.push({ status, daysLate, dueAt, submittedAt: sub?.firstAt ?? null, extended: own !== undefined });
      row.asked += 1;
      if (status === 'on_time') row.onTime += 1;
      else if (status === 'late') {
        row.late += 1;
        row.daysLate += daysLate!;
      } else if (status === 'missing') row.missing += 1;
      else if (status === 'returned') row.returned += 1;
      else row.notDue += 1;
      const p = pointsFor(status, daysLate);
      if (p !== null) {
        points += p;
        counted += 1;
      }
    }
    if (row.asked === 0) continue;
    row.score = counted === 0 ? null : Math.round((points / counted) * 10) / 10;
    rows.push(row);
  }
  const sort = query.sort ?? 'score';
  rows.sort((a, b) => COMPARE[sort](a, b) || COMPARE.name(a, b));
  if (query.desc) rows.reverse();
  return {
    requirements: reqs.map(([id, title, campaignTitle, dueAt]) => ({ id, title, campaignTitle, dueAt: new Date(dueAt) })),
    rows,
    kinds: [...kindsAsked].map((key) => ({ key, label: kindLabels.get(key) ?? key })).sort((a, b) => byText(a.label, b.label)),
  };
}
