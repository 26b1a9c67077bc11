import { and, asc, desc, eq } from 'drizzle-orm';
import { campaigns, requirements } from '../db/schema/index.js';
import { cleanText, foldVietnamese } from '../lib/text.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { invalid, notFound } from '../core/errors.js';

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignStatus = Campaign['status'];

export type CampaignInput = {
  title: string;
  referenceNumber?: string | null;
  /** Ngày ban hành, a calendar date "YYYY-MM-DD". */
  issuedOn?: string | null;
  description?: string;
  sourceDocument?: string | null;
};

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-02-30" has the right shape but is not a day; this says whether it is one. */
export function isCalendarDate(s: string): boolean {
  const m = CALENDAR_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function checkIssuedOn(issuedOn: string | null | undefined): void {
  if (issuedOn && !isCalendarDate(issuedOn)) throw invalid('issuedOn: not a real date (YYYY-MM-DD)', 'issuedOn');
}

const optionalText = (v: string | null | undefined) => {
  if (v === undefined || v === null) return v;
  const s = cleanText(v);
  return s === '' ? null : s;
};

export function createCampaign(ctx: Ctx, input: CampaignInput): Campaign {
  checkIssuedOn(input.issuedOn);
  const title = cleanText(input.title);
  if (!title) throw invalid('title: required', 'title');
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    const row = ctx.db
      .insert(campaigns)
      .values({
        title,
        referenceNumber: optionalText(input.referenceNumber) ?? null,
        issuedOn: input.issuedOn ?? null,
        description: cleanText(input.description ?? ''),
        sourceDocument: optionalText(input.sourceDocument) ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordAudit(ctx, { action: 'campaign.create', entity: 'campaign', entityId: row.id, after: row });
    return row;
  });
}

export function getCampaign(ctx: Ctx, id: number): Campaign {
  const row = ctx.db.select().from(campaigns).where(eq(campaigns.id, id)).get();
  if (!row) throw notFound('campaign', id);
  return row;
}

export function getCampaignWithRequirements(ctx: Ctx, id: number) {
  const campaign = getCampaign(ctx, id);
  const reqs = ctx.db
    .select()
    .from(requirements)
    .where(eq(requirements.campaignId, id))
    .orderBy(asc(requirements.dueAt), asc(requirements.id))
    .all();
  return { campaign, requirements: reqs };
}

export type CampaignQuery = { status?: CampaignStatus; q?: string; limit: number; offset: number };

/**
 * A Department runs tens of campaigns a year, so the text filter runs in JS over the
 * folded title and reference number: "ke hoach van kheo" finds "Kế hoạch … Văn Khèo".
 */
export function listCampaigns(ctx: Ctx, query: CampaignQuery): { items: Campaign[]; total: number } {
  let rows = ctx.db
    .select()
    .from(campaigns)
    .where(query.status ? eq(campaigns.status, query.status) : undefined)
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .all();
  const needle = query.q ? foldVietnamese(query.q) : '';
  if (needle) {
    rows = rows.filter((c) => foldVietnamese(`${c.title} ${c.referenceNumber ?? ''}`).includes(needle));
  }
  return { items: rows.slice(query.offset, query.offset + query.limit), total: rows.length };
}

export function updateCampaign(ctx: Ctx, id: number, patch: Partial<CampaignInput>): Campaign {
  checkIssuedOn(patch.issuedOn);
  const set: Partial<typeof campaigns.$inferInsert> = {};
  if (patch.title !== undefined) {
    const title = cleanText(patch.title);
    if (!title) throw invalid('title: required', 'title');
    set.title = title;
  }
  if (patch.referenceNumber !== undefined) set.referenceNumber = optionalText(patch.referenceNumber) ?? null;
  if (patch.issuedOn !== undefined) set.issuedOn = patch.issuedOn;
  if (patch.description !== undefined) set.description = cleanText(patch.description);
  if (patch.sourceDocument !== undefined) set.sourceDocument = optionalText(patch.sourceDocument) ?? null;
  return ctx.db.transaction(() => {
    const before = getCampaign(ctx, id);
    const after = ctx.db
      .update(campaigns)
      .set({ ...set, updatedAt: ctx.clock.now() })
      .where(eq(campaigns.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, { action: 'campaign.update', entity: 'campaign', entityId: id, before, after });
    return after;
  });
}

/**
 * Closing a campaign closes its open requirements too: nothing more is collected for it.
 * Closing an already closed campaign changes nothing and returns it as it is.
 */
export function closeCampaign(ctx: Ctx, id: number): Campaign {
  return ctx.db.transaction(() => {
    const before = getCampaign(ctx, id);
    if (before.status === 'closed') return before;
    const now = ctx.clock.now();
    const after = ctx.db
      .update(campaigns)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(eq(campaigns.id, id))
      .returning()
      .get()!;
    const closedRequirements = ctx.db
      .update(requirements)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(and(eq(requirements.campaignId, id), eq(requirements.status, 'open')))
      .returning({ id: requirements.id })
      .all();
    recordAudit(ctx, {
      action: 'campaign.close',
      entity: 'campaign',
      entityId: id,
      before,
      after: { ...after, closedRequirementIds: closedRequirements.map((r) => r.id) },
    });
    return after;
  });
}
