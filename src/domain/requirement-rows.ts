import { preparedFor } from '../db/prepared.js';
import { wallClock } from '../lib/local-iso.js';
import { DAY } from '../lib/time.js';
import { getCampaign, type Campaign } from './campaigns.js';
import type { Ctx } from './context.js';
import { requirementStatus, STATUS_ORDER, type StatusItem, type UnitStatus } from './requirement-status.js';
import { owesSubmission, progressOf, type Progress } from './progress.js';
import { getRequirement, type Requirement } from './requirements.js';
import { reachability, unitContactsIndex, type Reachability, type UnitContactBrief } from './unit-contacts.js';
import { listUnitKinds } from './unit-kinds.js';

export const ROW_SORTS = ['status', 'received', 'daysLate', 'kind', 'parent', 'name'] as const;
export type RowSort = (typeof ROW_SORTS)[number];

export type RowQuery = {
  status?: UnitStatus;
  kind?: string;
  parentId?: number;
  /** Unit code or name, with or without diacritics. */
  q?: string;
  sort?: RowSort;
  desc?: boolean;
};

export type RequirementRow = {
  unit: { id: number; code: string; name: string; kind: string; kindLabel: string; parentId: number | null; parentName: string | null };
  status: UnitStatus;
  /** Still owes a submission: nothing yet, or the latest version was returned. */
  owes: boolean;
  onTime: boolean | null;
  receivedAt: Date | null;
  /** Calendar days past the unit's deadline: of the first submission, or until today when nothing came. */
  daysLate: number | null;
  version: number | null;
  submissionId: number | null;
  reviewState: StatusItem['reviewState'];
  /** The deadline that holds for this unit. */
  dueAt: Date;
  extended: boolean;
  contacts: UnitContactBrief[];
  reachability: Reachability;
};

export type RequirementRows = {
  requirement: Requirement;
  campaign: Campaign;
  counts: { total: number } & Record<UnitStatus, number>;
  /** The whole audience, whatever the filters and the search. */
  progress: Progress;
  /** What the filters can choose from, with the number of units of each. */
  kinds: { key: string; label: string; count: number }[];
  parents: { id: number; name: string; count: number }[];
  rows: RequirementRow[];
};

const statements = preparedFor((db) => ({
  unitNames: db.$client.prepare(`SELECT id, name FROM units`).raw(),
}));

export function unitNames(ctx: Ctx): Map<number, string> {
  return new Map(statements(ctx.db).unitNames.all() as [number, string][]);
}

const RANK = new Map(STATUS_ORDER.map((s, i) => [s, i]));
const byText = (a: string, b: string) => a.localeCompare(b, 'vi');
const nullsLast = (a: number | null, b: number | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b);

const COMPARE: Record<RowSort, (a: RequirementRow, b: RequirementRow) => number> = {
  status: (a, b) => RANK.get(a.status)! - RANK.get(b.status)!,
  received: (a, b) => nullsLast(a.receivedAt?.getTime() ?? null, b.receivedAt?.getTime() ?? null),
  daysLate: (a, b) => nullsLast(a.daysLate, b.daysLate),
  kind: (a, b) => byText(a.unit.kindLabel, b.unit.kindLabel),
  parent: (a, b) => byText(a.unit.parentName ?? '', b.unit.parentName ?? ''),
  name: (a, b) => byText(a.unit.code, b.unit.code),
};

/**
 * The requirement page's table: every unit of the audience with its status, on-time flag,
 * version, contacts and whether the bot can reach them; filtered, searched and sorted.
 * Built on requirementStatus (the same rules as the API), plus one query each for contacts,
 * unit names and kinds.
 */
export function requirementRows(ctx: Ctx, requirementId: number, query: RowQuery = {}): RequirementRows {
  const requirement = getRequirement(ctx, requirementId);
  const campaign = getCampaign(ctx, requirement.campaignId);
  const status = requirementStatus(ctx, requirementId, { q: query.q });
  // The bar and "remind all" speak for the whole audience, whatever the search shows.
  const everyone = query.q ? requirementStatus(ctx, requirementId) : status;
  const contacts = unitContactsIndex(ctx.db);
  const names = unitNames(ctx);
  const kindLabels = new Map(listUnitKinds(ctx).map((k) => [k.key, k.label]));
  const now = ctx.clock.now();
  // Calendar days in the app's zone, without asking Intl twice per late unit.
  const local = wallClock(ctx.timeZone);
  const dayOf = (d: Date) => Math.floor(local(d).getTime() / DAY);

  const kinds = new Map<string, { key: string; label: string; count: number }>();
  const parents = new Map<number, { id: number; name: string; count: number }>();
  const rows: RequirementRow[] = [];
  for (const item of status.items) {
    const { unit } = item;
    const kindLabel = kindLabels.get(unit.kind) ?? unit.kind;
    const parentName = unit.parentId === null ? null : names.get(unit.parentId) ?? null;
    const kind = kinds.get(unit.kind) ?? kinds.set(unit.kind, { key: unit.kind, label: kindLabel, count: 0 }).get(unit.kind)!;
    kind.count += 1;
    if (unit.parentId !== null) {
      const parent = parents.get(unit.parentId) ?? parents.set(unit.parentId, { id: unit.parentId, name: parentName ?? '', count: 0 }).get(unit.parentId)!;
      parent.count += 1;
    }
    if (query.status && item.status !== query.status) continue;
    if (query.kind && unit.kind !== query.kind) continue;
    if (query.parentId !== undefined && unit.parentId !== query.parentId) continue;
    const dueAt = item.extendedDueAt ?? status.dueAt;
    const owes = owesSubmission(item);
    let daysLate: number | null = null;
    if (item.status === 'late') daysLate = Math.max(0, dayOf(item.firstSubmittedAt ?? now) - dayOf(dueAt));
    const unitContacts = contacts.get(unit.id) ?? [];
    rows.push({
      unit: { ...unit, kindLabel, parentName },
      status: item.status,
      owes,
      onTime: item.onTime,
      receivedAt: item.lastSubmittedAt,
      daysLate,
      version: item.latestVersion,
      submissionId: item.submissionId,
      reviewState: item.reviewState,
      dueAt,
      extended: item.extendedDueAt !== null,
      contacts: unitContacts,
      reachability: reachability(unitContacts),
    });
  }
  if (query.sort && query.sort !== 'status') {
    const compare = COMPARE[query.sort];
    rows.sort((a, b) => compare(a, b) || COMPARE.name(a, b));
  }
  if (query.desc) rows.reverse();
  return {
    requirement,
    campaign,
    counts: status.counts,
    progress: progressOf(everyone.items),
    kinds: [...kinds.values()].sort((a, b) => byText(a.label, b.label)),
    parents: [...parents.values()].sort((a, b) => byText(a.name, b.name)),
    rows,
  };
}
