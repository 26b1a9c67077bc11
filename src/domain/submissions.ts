import { and, desc, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import { files, requirements, submissionFiles, submissions, units } from '../db/schema/index.js';
import { readableCode } from '../lib/ids.js';
import { cleanText } from '../lib/text.js';
import { isUnitInAudience } from './audience.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { unitDueAt } from './deadline-extensions.js';
import { closed, conflict, invalid, notFound } from '../core/errors.js';
import { getRequirement, type Requirement } from './requirements.js';
import { notifyReview } from './review-notice.js';

export type Submission = typeof submissions.$inferSelect;
export type SubmissionChannel = Submission['channel'];
export type ReviewState = 'accepted' | 'returned';

export type SubmissionInput = {
  requirementId: number;
  unitId: number;
  channel: SubmissionChannel;
  contactId?: number | null;
  staffUserId?: number | null;
  answers?: Record<string, unknown>;
  links?: string[];
  /** Files already kept with storeFile. */
  fileIds?: number[];
  note?: string | null;
};

export function checkLinks(links: string[]): string[] {
  return links.map((raw) => {
    const s = raw.trim();
    let url: URL | undefined;
    try {
      url = new URL(s);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw invalid(`links: "${s.slice(0, 100)}" is not an http(s) link`, 'links');
    }
    return url.toString();
  });
}

function fileIdsInAnswers(answers: Record<string, unknown>): number[] {
  return Object.values(answers).flatMap((v) =>
    v && typeof v === 'object' && 'fileId' in v && Number.isInteger((v as { fileId: unknown }).fileId) ? [(v as { fileId: number }).fileId] : [],
  );
}

/** A receipt code nobody has yet, e.g. "NB-7K3Q9M"; 31^6 ≈ 900 million, so a retry is rare. */
function newReceiptCode(ctx: Ctx): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = `NB-${readableCode(6)}`;
    if (!ctx.db.select({ id: submissions.id }).from(submissions).where(eq(submissions.code, code)).get()) return code;
  }
  throw conflict('could not find a free receipt code; try again');
}

/**
 * The requirement exists and is open, and the unit is in its audience; returns the requirement.
 * Callers holding uploads ask this first, so a refused submission stores no files.
 */
export function checkCanSubmit(ctx: Ctx, requirementId: number, unitId: number): Requirement {
  const req = getRequirement(ctx, requirementId);
  if (req.status === 'closed') throw closed(`requirement ${req.id} is closed; it takes no more submissions`);
  if (!isUnitInAudience(ctx.db, req, unitId)) {
    throw invalid(`unitId: unit ${unitId} is not an active unit in this requirement's audience`, 'unitId');
  }
  return req;
}

/**
 * Records what a unit sent for a requirement, as a new version: nothing is overwritten.
 * The requirement must be open and the unit in its audience; onTime compares the clock with the
 * unit's deadline (dueAt, or its extension).
 */
export function createSubmission(ctx: Ctx, input: SubmissionInput): Submission {
  const links = checkLinks(input.links ?? []);
  const answers = input.answers ?? {};
  // A file that answers a form's file question is a file of the submission too.
  const fileIds = [...new Set([...(input.fileIds ?? []), ...fileIdsInAnswers(answers)])];
  const note = input.note ? cleanText(input.note) || null : null;
  if (fileIds.length === 0 && links.length === 0 && Object.keys(answers).length === 0 && !note) {
    throw invalid('a submission needs a file, a link, answers or a note', 'file');
  }
  return ctx.db.transaction(() => {
    const req = checkCanSubmit(ctx, input.requirementId, input.unitId);
    if (fileIds.length) {
      const found = ctx.db.select({ id: files.id }).from(files).where(inArray(files.id, fileIds)).all();
      if (found.length !== fileIds.length) throw invalid('fileIds: unknown file', 'fileIds');
    }
    const previous = ctx.db
      .select({ v: max(submissions.version) })
      .from(submissions)
      .where(and(eq(submissions.requirementId, req.id), eq(submissions.unitId, input.unitId)))
      .get();
    const now = ctx.clock.now();
    const row = ctx.db
      .insert(submissions)
      .values({
        code: newReceiptCode(ctx),
        requirementId: req.id,
        unitId: input.unitId,
        version: (previous?.v ?? 0) + 1,
        channel: input.channel,
        contactId: input.contactId ?? null,
        staffUserId: input.staffUserId ?? null,
        submittedAt: now,
        onTime: now.getTime() <= unitDueAt(ctx.db, req, input.unitId).getTime(),
        answers,
        links,
        note,
        createdAt: now,
      })
      .returning()
      .get();
    if (fileIds.length) {
      ctx.db
        .insert(submissionFiles)
        .values(fileIds.map((fileId) => ({ submissionId: row.id, fileId })))
        .run();
    }
    recordAudit(ctx, { action: 'submission.create', entity: 'submission', entityId: row.id, after: { ...row, fileIds } });
    return row;
  });
}

export type SubmissionQuery = { requirementId?: number; unitId?: number; limit: number; offset: number };

export function listSubmissions(ctx: Ctx, q: SubmissionQuery) {
  const where: SQL[] = [];
  if (q.requirementId !== undefined) where.push(eq(submissions.requirementId, q.requirementId));
  if (q.unitId !== undefined) where.push(eq(submissions.unitId, q.unitId));
  const condition = where.length ? and(...where) : undefined;
  const total = ctx.db.select({ n: sql<number>`count(*)` }).from(submissions).where(condition).get()?.n ?? 0;
  const items = ctx.db
    .select({
      submission: submissions,
      unit: { id: units.id, code: units.code, name: units.name },
      fileCount: sql<number>`(SELECT COUNT(*) FROM submission_files sf WHERE sf.submission_id = ${submissions.id})`,
    })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.unitId))
    .where(condition)
    .orderBy(desc(submissions.submittedAt), desc(submissions.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  return { items, total };
}

export type SubmissionDetail = Submission & {
  unit: { id: number; code: string; name: string; kind: string };
  requirement: { id: number; campaignId: number; title: string; kind: string; dueAt: Date };
  files: { id: number; originalName: string; mimeType: string; size: number; sha256: string }[];
};

export function getSubmission(ctx: Ctx, id: number): SubmissionDetail {
  const found = ctx.db
    .select({
      submission: submissions,
      unit: { id: units.id, code: units.code, name: units.name, kind: units.kind },
      requirement: {
        id: requirements.id,
        campaignId: requirements.campaignId,
        title: requirements.title,
        kind: requirements.kind,
        dueAt: requirements.dueAt,
      },
    })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.unitId))
    .innerJoin(requirements, eq(requirements.id, submissions.requirementId))
    .where(eq(submissions.id, id))
    .get();
  if (!found) throw notFound('submission', id);
  const attached = ctx.db
    .select({ id: files.id, originalName: files.originalName, mimeType: files.mimeType, size: files.size, sha256: files.sha256 })
    .from(submissionFiles)
    .innerJoin(files, eq(files.id, submissionFiles.fileId))
    .where(eq(submissionFiles.submissionId, id))
    .orderBy(files.id)
    .all();
  return { ...found.submission, unit: found.unit, requirement: found.requirement, files: attached };
}

/**
 * Staff accept a submission or return it with a reason; the unit's contacts are told in the chat
 * (the reason is what they read). A returned latest version makes the unit owe a new one.
 */
export function reviewSubmission(ctx: Ctx, id: number, input: { state: ReviewState; reason?: string | null }): Submission {
  const reason = input.reason ? cleanText(input.reason) : '';
  if (input.state === 'returned' && !reason) throw invalid('reason: say why the submission is returned', 'reason');
  return ctx.db.transaction(() => {
    const before = ctx.db.select().from(submissions).where(eq(submissions.id, id)).get();
    if (!before) throw notFound('submission', id);
    const after = ctx.db
      .update(submissions)
      .set({
        reviewState: input.state,
        reviewReason: reason || null,
        reviewedAt: ctx.clock.now(),
        reviewedBy: ctx.actor.type === 'staff_user' ? ctx.actor.id : null,
      })
      .where(eq(submissions.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, { action: `submission.${input.state === 'accepted' ? 'accept' : 'return'}`, entity: 'submission', entityId: id, before, after });
    notifyReview(ctx, id, after.unitId, input.state, after.reviewReason);
    return after;
  });
}
