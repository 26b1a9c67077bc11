import { preparedFor } from '../db/prepared.js';
import { DAY, fromLocal, localParts } from '../lib/time.js';
import { listCampaigns, type Campaign } from './campaigns.js';
import type { Ctx } from './context.js';
import { dueDistance } from './reminder-texts.js';
import { owesSubmission, progressOf, type Progress } from './progress.js';
import { requirementStatus } from './requirement-status.js';
import { listRequirements, type Requirement } from './requirements.js';
import { reachability, unitContactsIndex, type Reachability, type UnitContactBrief } from './unit-contacts.js';

/** "Cần gọi hôm nay": units that owe and whose deadline has passed or is at most this far away. */
export const CALL_WITHIN_MS = 2 * DAY;
/** The chart shows at most this many days, ending at the later of today and the deadline. */
const CHART_MAX_DAYS = 45;

export type { Progress };

export type ChartPoint = { day: Date; received: number };

export type OverviewRequirement = {
  requirement: Requirement;
  progress: Progress;
  due: { late: boolean; text: string };
  /** Units received by the end of each local day (their first version), for the chart. */
  chart: ChartPoint[];
};

export type CallItem = {
  unit: { id: number; code: string; name: string };
  requirement: { id: number; title: string };
  dueAt: Date;
  overdue: boolean;
  dueText: string;
  returned: boolean;
  contacts: UnitContactBrief[];
  reachability: Reachability;
};

export type Overview = {
  campaigns: { campaign: Campaign; requirements: OverviewRequirement[] }[];
  toCall: CallItem[];
};

const statements = preparedFor((db) => ({
  firstTimes: db.$client.prepare(`SELECT MIN(submitted_at) FROM submissions WHERE requirement_id = ? GROUP BY unit_id`).pluck(),
}));

function localMidnight(at: Date, timeZone: string): Date {
  const p = localParts(at, timeZone);
  return fromLocal(timeZone, p.year, p.month, p.day);
}

/** Cumulative received units at the end of each day, from the requirement's start (or 45 days back) to max(today, deadline). */
function chartOf(ctx: Ctx, requirement: Requirement, now: Date): ChartPoint[] {
  const times = (statements(ctx.db).firstTimes.all(requirement.id) as number[]).sort((a, b) => a - b);
  const endDay = localMidnight(new Date(Math.max(now.getTime(), requirement.dueAt.getTime())), ctx.timeZone);
  const startFrom = Math.min(requirement.createdAt.getTime(), times[0] ?? Infinity);
  let day = localMidnight(new Date(Math.max(startFrom, endDay.getTime() - CHART_MAX_DAYS * DAY)), ctx.timeZone);
  const points: ChartPoint[] = [];
  let i = 0;
  while (day.getTime() <= endDay.getTime()) {
    const next = localMidnight(new Date(day.getTime() + DAY + 3 * 3600_000), ctx.timeZone); // +3h survives DST days
    while (i < times.length && times[i]! < next.getTime()) i++;
    points.push({ day, received: i });
    day = next;
  }
  return points;
}

/**
 * The morning page: each open campaign's open requirements with their progress, days left or
 * overdue and a chart of what came in; and who to call today.
 */
export function dashboardOverview(ctx: Ctx): Overview {
  const now = ctx.clock.now();
  const contacts = unitContactsIndex(ctx.db);
  const toCall: CallItem[] = [];
  const campaigns = listCampaigns(ctx, { status: 'open', limit: 100, offset: 0 }).items.map((campaign) => {
    const requirements = listRequirements(ctx, { campaignId: campaign.id, status: 'open', limit: 100, offset: 0 }).items.map((requirement) => {
      const status = requirementStatus(ctx, requirement.id);
      const progress = progressOf(status.items);
      for (const item of status.items) {
        if (!owesSubmission(item)) continue;
        const dueAt = item.extendedDueAt ?? requirement.dueAt;
        if (dueAt.getTime() - now.getTime() > CALL_WITHIN_MS) continue;
        const unitContacts = contacts.get(item.unit.id) ?? [];
        toCall.push({
          unit: { id: item.unit.id, code: item.unit.code, name: item.unit.name },
          requirement: { id: requirement.id, title: requirement.title },
          dueAt,
          overdue: dueAt.getTime() < now.getTime(),
          dueText: dueDistance(dueAt, now, ctx.timeZone).text,
          returned: item.status === 'returned',
          contacts: unitContacts,
          reachability: reachability(unitContacts),
        });
      }
      return { requirement, progress, due: dueDistance(requirement.dueAt, now, ctx.timeZone), chart: chartOf(ctx, requirement, now) };
    });
    return { campaign, requirements };
  });
  toCall.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.unit.code.localeCompare(b.unit.code));
  return { campaigns, toCall };
}
