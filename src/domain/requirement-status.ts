import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/client.js';
import { foldVietnamese } from '../lib/text.js';
import { AUDIENCE_CONDITION, audienceParams } from './audience.js';
import type { Ctx } from './context.js';
import { getRequirement, type Requirement } from './requirements.js';

export type UnitStatus = 'late' | 'missing' | 'returned' | 'submitted';

/**
 * How a unit stands on a requirement, from its latest submission version:
 * - no submission: `late` once now (ctx.clock) is past dueAt, else `missing`;
 * - latest version returned by staff: `returned`;
 * - otherwise `submitted` if the unit's FIRST submission arrived on time (onTime), else `late`.
 * So `late` means "overdue with nothing" or "received after the deadline";
 * lastSubmittedAt (null or not) tells which.
 */
export const STATUS_RULE =
  'Status from the unit\'s latest submission: none → `late` if now is past dueAt, else `missing`; ' +
  'latest returned → `returned`; otherwise `submitted` if the unit\'s first submission was on time, else `late`. ' +
  '`late` with lastSubmittedAt = null means overdue with nothing received; with a time, received after the deadline.';

export const STATUS_ORDER: UnitStatus[] = ['late', 'missing', 'returned', 'submitted'];

export type StatusItem = {
  unit: { id: number; code: string; name: string; kind: string; parentId: number | null };
  status: UnitStatus;
  lastSubmittedAt: Date | null;
  latestVersion: number | null;
  submissionId: number | null;
  contactCount: number;
};

export type RequirementStatus = {
  requirement: Pick<Requirement, 'id' | 'campaignId' | 'title' | 'kind' | 'status'>;
  dueAt: Date;
  counts: { total: number } & Record<UnitStatus, number>;
  /** Units matching the status and q filters, before paging. */
  total: number;
  items: StatusItem[];
};

export type StatusQuery = { status?: UnitStatus; q?: string; limit?: number; offset?: number };

type Row = {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  searchText: string;
  submissionId: number | null;
  latestVersion: number | null;
  submittedAt: number | null;
  reviewState: 'received' | 'accepted' | 'returned' | null;
  firstOnTime: number | null;
  contactCount: number;
};

/**
 * One query answers for the whole audience: the audience units, each joined to its latest
 * and first submission (through the (requirement, unit, version) unique index) and to its
 * count of active unit contacts (grouped once). No per-unit queries.
 */
const STATUS_SQL = `
WITH aud AS (
  SELECT u.id, u.code, u.name, u.kind, u.parent_id, u.search_text FROM units u WHERE ${AUDIENCE_CONDITION}
),
versions AS (
  SELECT unit_id, MAX(version) AS latest, MIN(version) AS first
  FROM submissions WHERE requirement_id = @requirementId GROUP BY unit_id
),
contact_counts AS (
  SELECT c.unit_id, COUNT(*) AS n FROM contacts c
  WHERE c.role = 'unit_contact' AND c.status = 'active' AND c.unit_id IN (SELECT id FROM aud)
  GROUP BY c.unit_id
)
SELECT aud.id, aud.code, aud.name, aud.kind, aud.parent_id AS parentId, aud.search_text AS searchText,
  ls.id AS submissionId, ls.version AS latestVersion, ls.submitted_at AS submittedAt, ls.review_state AS reviewState,
  fs.on_time AS firstOnTime, COALESCE(cc.n, 0) AS contactCount
FROM aud
LEFT JOIN versions v ON v.unit_id = aud.id
LEFT JOIN submissions ls ON ls.requirement_id = @requirementId AND ls.unit_id = aud.id AND ls.version = v.latest
LEFT JOIN submissions fs ON fs.requirement_id = @requirementId AND fs.unit_id = aud.id AND fs.version = v.first
LEFT JOIN contact_counts cc ON cc.unit_id = aud.id
`;

const statements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();
function statusStatement(db: Db): BetterSqlite3.Statement {
  let s = statements.get(db.$client);
  if (!s) {
    s = db.$client.prepare(STATUS_SQL);
    statements.set(db.$client, s);
  }
  return s;
}

export function unitStatus(row: Pick<Row, 'submissionId' | 'reviewState' | 'firstOnTime'>, overdue: boolean): UnitStatus {
  if (row.submissionId === null) return overdue ? 'late' : 'missing';
  if (row.reviewState === 'returned') return 'returned';
  return row.firstOnTime === 1 ? 'submitted' : 'late';
}

export function requirementStatus(ctx: Ctx, requirementId: number, query: StatusQuery = {}): RequirementStatus {
  const req = getRequirement(ctx, requirementId);
  const rows = statusStatement(ctx.db).all({ ...audienceParams(req), requirementId }) as Row[];
  const overdue = ctx.clock.now().getTime() > req.dueAt.getTime();

  const counts = { total: rows.length, late: 0, missing: 0, returned: 0, submitted: 0 };
  const needle = query.q ? foldVietnamese(query.q) : '';
  const matching: { row: Row; status: UnitStatus }[] = [];
  for (const row of rows) {
    const status = unitStatus(row, overdue);
    counts[status] += 1;
    if (query.status && status !== query.status) continue;
    if (needle && !row.searchText.includes(needle)) continue;
    matching.push({ row, status });
  }
  const rank = (s: UnitStatus) => STATUS_ORDER.indexOf(s);
  matching.sort((a, b) => rank(a.status) - rank(b.status) || (a.row.code < b.row.code ? -1 : a.row.code > b.row.code ? 1 : 0));

  const offset = query.offset ?? 0;
  const page = matching.slice(offset, offset + (query.limit ?? matching.length));
  return {
    requirement: { id: req.id, campaignId: req.campaignId, title: req.title, kind: req.kind, status: req.status },
    dueAt: req.dueAt,
    counts,
    total: matching.length,
    items: page.map(({ row, status }) => ({
      unit: { id: row.id, code: row.code, name: row.name, kind: row.kind, parentId: row.parentId },
      status,
      lastSubmittedAt: row.submittedAt === null ? null : new Date(row.submittedAt),
      latestVersion: row.latestVersion,
      submissionId: row.submissionId,
      contactCount: row.contactCount,
    })),
  };
}
