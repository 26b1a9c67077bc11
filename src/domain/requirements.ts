import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { requirements, unitKinds, units } from '../db/schema/index.js';
import { isOffset, offsetToMs, sortOffsets } from '../lib/offsets.js';
import { cleanText } from '../lib/text.js';
import { parseInstant } from '../lib/time.js';
import { recordAudit } from './audit.js';
import { getCampaign } from './campaigns.js';
import { formExists } from './forms.js';
import type { Ctx } from './context.js';
import { closed, invalid, notFound } from '../core/errors.js';

export type Requirement = typeof requirements.$inferSelect;
export type RequirementKind = Requirement['kind'];

export const DEFAULT_REMINDER_OFFSETS = ['-7d', '-3d', '-1d', '0d', '+1d'];
export const FORM_KEY = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export type AudienceInput = { unitKinds?: string[]; unitIds?: number[] };

export type RequirementInput = {
  title: string;
  kind: RequirementKind;
  description?: string;
  /** ISO with offset, or local "YYYY-MM-DD[ HH:MM]" in ctx.timeZone; a bare date means 17:00. */
  dueAt: string;
  reminderOffsets?: string[];
  escalateAfter?: string | null;
  formKey?: string | null;
  audience: AudienceInput;
};

export type RequirementPatch = Partial<RequirementInput>;

function parseDueAt(ctx: Ctx, input: string): Date {
  const due = parseInstant(input, ctx.timeZone);
  if (!due) throw invalid('dueAt: not a readable time (use 2026-05-23, 2026-05-23 17:00 or ISO 8601)', 'dueAt');
  return due;
}

function normalizeOffsets(offsets: string[]): string[] {
  const bad = offsets.find((o) => !isOffset(o));
  if (bad !== undefined) throw invalid(`reminderOffsets: "${bad}" is not an offset like -7d, -12h, 0d, +1d`, 'reminderOffsets');
  return sortOffsets(offsets);
}

function checkEscalateAfter(v: string | null | undefined): void {
  if (v === undefined || v === null) return;
  if (!isOffset(v) || offsetToMs(v) < 0) throw invalid('escalateAfter: an offset after the due time, like +3d', 'escalateAfter');
}

function checkFormKey(ctx: Ctx, v: string | null | undefined): void {
  if (!v) return;
  if (!FORM_KEY.test(v)) throw invalid('formKey: lower-case letters, digits, _ and - (2–64)', 'formKey');
  if (!formExists(ctx, v)) throw invalid(`formKey: no form "${v}" (see GET /api/v1/forms)`, 'formKey');
}

/** Deduplicated, sorted, and every kind and unit checked against the database. */
function normalizeAudience(ctx: Ctx, a: AudienceInput): { audienceKinds: string[]; audienceUnitIds: number[] } {
  const kinds = [...new Set(a.unitKinds ?? [])].sort();
  const ids = [...new Set(a.unitIds ?? [])].sort((x, y) => x - y);
  if (kinds.length === 0 && ids.length === 0) {
    throw invalid('audience: name at least one unit kind or unit', 'audience');
  }
  if (kinds.length > 0) {
    const known = new Set(
      ctx.db.select({ key: unitKinds.key }).from(unitKinds).where(inArray(unitKinds.key, kinds)).all().map((k) => k.key),
    );
    const unknown = kinds.filter((k) => !known.has(k));
    if (unknown.length) throw invalid(`audience.unitKinds: unknown kind ${unknown.join(', ')}`, 'audience.unitKinds', { unknown });
  }
  if (ids.length > 0) {
    const known = new Set(ctx.db.select({ id: units.id }).from(units).where(inArray(units.id, ids)).all().map((u) => u.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw invalid(`audience.unitIds: unknown unit ${unknown.join(', ')}`, 'audience.unitIds', { unknown });
  }
  return { audienceKinds: kinds, audienceUnitIds: ids };
}

function cleanTitle(title: string): string {
  const t = cleanText(title);
  if (!t) throw invalid('title: required', 'title');
  return t;
}

export function createRequirement(ctx: Ctx, campaignId: number, input: RequirementInput): Requirement {
  const title = cleanTitle(input.title);
  const dueAt = parseDueAt(ctx, input.dueAt);
  const reminderOffsets = normalizeOffsets(input.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS);
  checkEscalateAfter(input.escalateAfter);
  checkFormKey(ctx, input.formKey);
  return ctx.db.transaction(() => {
    const campaign = getCampaign(ctx, campaignId);
    if (campaign.status === 'closed') throw closed(`campaign ${campaignId} is closed; it takes no new requirements`);
    const audience = normalizeAudience(ctx, input.audience);
    const now = ctx.clock.now();
    const row = ctx.db
      .insert(requirements)
      .values({
        campaignId,
        title,
        kind: input.kind,
        description: cleanText(input.description ?? ''),
        dueAt,
        reminderOffsets,
        escalateAfter: input.escalateAfter ?? null,
        formKey: input.formKey ?? null,
        ...audience,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordAudit(ctx, { action: 'requirement.create', entity: 'requirement', entityId: row.id, after: row });
    return row;
  });
}

export function getRequirement(ctx: Ctx, id: number): Requirement {
  const row = ctx.db.select().from(requirements).where(eq(requirements.id, id)).get();
  if (!row) throw notFound('requirement', id);
  return row;
}

export type RequirementQuery = { campaignId?: number; status?: Requirement['status']; limit: number; offset: number };

export function listRequirements(ctx: Ctx, q: RequirementQuery): { items: Requirement[]; total: number } {
  const where: SQL[] = [];
  if (q.campaignId !== undefined) where.push(eq(requirements.campaignId, q.campaignId));
  if (q.status) where.push(eq(requirements.status, q.status));
  const rows = ctx.db
    .select()
    .from(requirements)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(requirements.dueAt), asc(requirements.id))
    .all();
  return { items: rows.slice(q.offset, q.offset + q.limit), total: rows.length };
}

const sameList = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Any field may change. A new due time, new offsets or a new audience bump
 * scheduleVersion, from which the reminder planner re-plans its fires.
 */
export function updateRequirement(ctx: Ctx, id: number, patch: RequirementPatch): Requirement {
  const set: Partial<typeof requirements.$inferInsert> = {};
  if (patch.title !== undefined) set.title = cleanTitle(patch.title);
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.description !== undefined) set.description = cleanText(patch.description);
  if (patch.dueAt !== undefined) set.dueAt = parseDueAt(ctx, patch.dueAt);
  if (patch.reminderOffsets !== undefined) set.reminderOffsets = normalizeOffsets(patch.reminderOffsets);
  if (patch.escalateAfter !== undefined) {
    checkEscalateAfter(patch.escalateAfter);
    set.escalateAfter = patch.escalateAfter;
  }
  if (patch.formKey !== undefined) {
    checkFormKey(ctx, patch.formKey);
    set.formKey = patch.formKey;
  }
  return ctx.db.transaction(() => {
    const before = getRequirement(ctx, id);
    if (patch.audience !== undefined) Object.assign(set, normalizeAudience(ctx, patch.audience));
    const scheduleChanged =
      (set.dueAt !== undefined && set.dueAt.getTime() !== before.dueAt.getTime()) ||
      (set.reminderOffsets !== undefined && !sameList(set.reminderOffsets, before.reminderOffsets)) ||
      (set.audienceKinds !== undefined && !sameList(set.audienceKinds, before.audienceKinds)) ||
      (set.audienceUnitIds !== undefined && !sameList(set.audienceUnitIds, before.audienceUnitIds));
    const after = ctx.db
      .update(requirements)
      .set({
        ...set,
        scheduleVersion: scheduleChanged ? before.scheduleVersion + 1 : before.scheduleVersion,
        updatedAt: ctx.clock.now(),
      })
      .where(eq(requirements.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, { action: 'requirement.update', entity: 'requirement', entityId: id, before, after });
    return after;
  });
}

/** Stops collecting: a closed requirement refuses submissions. Closing twice changes nothing. */
export function closeRequirement(ctx: Ctx, id: number): Requirement {
  return ctx.db.transaction(() => {
    const before = getRequirement(ctx, id);
    if (before.status === 'closed') return before;
    const now = ctx.clock.now();
    const after = ctx.db
      .update(requirements)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(eq(requirements.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, { action: 'requirement.close', entity: 'requirement', entityId: id, before, after });
    return after;
  });
}
