import { inArray } from 'drizzle-orm';
import { formatAnswer, type AnswerValue } from '../core/forms/answers.js';
import { questionLabel, type Question } from '../core/forms/schema.js';
import { preparedFor } from '../db/prepared.js';
import { files } from '../db/schema/index.js';
import { messageOrigins } from '../outbox/lookup.js';
import { contactVisibility, DENOUNCER_SQL } from './contact-privacy.js';
import { listContacts, type ContactWithUnit } from './contacts.js';
import type { Ctx } from './context.js';
import { getForm } from './forms.js';
import { listInvites, type Invite } from './invites.js';
import { listUnitKinds } from './unit-kinds.js';
import { getUnit, type UnitDetail } from './units.js';
import type { Submission } from './submissions.js';

export type DossierFile = { id: number; originalName: string; mimeType: string; size: number };
export type DossierAnswer = { id: string; label: string; text: string; file: DossierFile | null };
export type DossierSubmission = Pick<
  Submission,
  'id' | 'code' | 'version' | 'channel' | 'submittedAt' | 'onTime' | 'links' | 'note' | 'reviewState' | 'reviewReason' | 'reviewedAt'
> & {
  requirement: { id: number; title: string; status: 'open' | 'closed' };
  /** Whether this is the unit's latest version for its requirement (the one a review speaks to). */
  latest: boolean;
  reviewedBy: string | null;
  files: DossierFile[];
  answers: DossierAnswer[];
};

export type TimelineKind = 'message' | 'reminder' | 'review' | 'broadcast' | 'ack';
export type TimelineEntry = { at: Date; direction: 'in' | 'out'; kind: TimelineKind; contactName: string; text: string };

export type UnitDossier = {
  unit: UnitDetail;
  kindLabel: string;
  contacts: ContactWithUnit[];
  invites: Invite[];
  submissions: DossierSubmission[];
  timeline: TimelineEntry[];
};

const TIMELINE_LIMIT = 100;

const statements = preparedFor((db) => ({
  submissions: db.$client.prepare(
    `SELECT s.id, s.code, s.version, s.channel, s.submitted_at, s.on_time, s.links, s.note, s.answers, s.review_state,
            s.review_reason, s.reviewed_at, r.id AS requirement_id, r.title AS requirement_title, r.status AS requirement_status,
            r.form_key, su.display_name AS reviewer,
            s.version = (SELECT MAX(version) FROM submissions x WHERE x.requirement_id = s.requirement_id AND x.unit_id = s.unit_id) AS latest
       FROM submissions s JOIN requirements r ON r.id = s.requirement_id
       LEFT JOIN staff_users su ON su.id = s.reviewed_by
      WHERE s.unit_id = ? ORDER BY s.submitted_at DESC, s.id DESC`,
  ),
  attached: db.$client.prepare(
    `SELECT sf.submission_id, f.id, f.original_name, f.mime_type, f.size FROM submission_files sf
       JOIN files f ON f.id = sf.file_id JOIN submissions s ON s.id = sf.submission_id
      WHERE s.unit_id = ? ORDER BY f.id`,
  ),
  messages: db.$client.prepare(
    `SELECT t.created_at, t.direction, t.text, c.display_name, t.outbox_id
       FROM timeline_messages t JOIN contacts c ON c.id = t.contact_id
      WHERE c.unit_id = @unitId AND (@everyone = 1 OR NOT ${DENOUNCER_SQL('c.id')}) ORDER BY t.id DESC LIMIT ${TIMELINE_LIMIT}`,
  ),
  acks: db.$client.prepare(
    `SELECT d.acked_at, b.title, c.display_name FROM broadcast_deliveries d
       JOIN broadcasts b ON b.id = d.broadcast_id JOIN contacts c ON c.id = d.contact_id
      WHERE c.unit_id = @unitId AND d.acked_at IS NOT NULL AND (@everyone = 1 OR NOT ${DENOUNCER_SQL('c.id')})
      ORDER BY d.acked_at DESC LIMIT ${TIMELINE_LIMIT}`,
  ),
}));

type SubmissionRow = {
  id: number; code: string; version: number; channel: Submission['channel']; submitted_at: number; on_time: number; links: string;
  note: string | null; answers: string; review_state: Submission['reviewState']; review_reason: string | null; reviewed_at: number | null;
  requirement_id: number; requirement_title: string; requirement_status: 'open' | 'closed'; form_key: string | null; reviewer: string | null; latest: number;
};

function kindOf(origin: { dedupeKey: string; broadcastId: number | null } | undefined): TimelineKind {
  if (origin && origin.broadcastId !== null) return 'broadcast';
  const dedupeKey = origin?.dedupeKey;
  if (dedupeKey?.startsWith('rem') || dedupeKey?.startsWith('esc:')) return 'reminder';
  if (dedupeKey?.startsWith('review:')) return 'review';
  return 'message';
}

function answersOf(ctx: Ctx, formKey: string | null, raw: Record<string, unknown>, fileById: Map<number, DossierFile>): DossierAnswer[] {
  const questions: Question[] = (formKey ? getForm(ctx, formKey)?.questions : undefined) ?? [];
  const known = new Set(questions.map((q) => q.id));
  const out: DossierAnswer[] = [];
  for (const q of questions) {
    if (!(q.id in raw)) continue;
    const value = raw[q.id] as AnswerValue;
    const file = value && typeof value === 'object' && 'fileId' in value ? fileById.get(value.fileId) ?? null : null;
    out.push({ id: q.id, label: questionLabel(q), text: formatAnswer(q, value), file });
  }
  // Answers to questions the form no longer has are still shown, as given.
  for (const [id, value] of Object.entries(raw)) if (!known.has(id)) out.push({ id, label: id, text: typeof value === 'object' ? JSON.stringify(value) : String(value), file: null });
  return out;
}

/** Everything the unit page shows: details, contacts, open invites, every submission with files and answers, the chat timeline. */
export function unitDossier(ctx: Ctx, unitId: number): UnitDossier {
  const unit = getUnit(ctx, unitId);
  const st = statements(ctx.db);
  const rows = st.submissions.all(unitId) as SubmissionRow[];
  const attached = new Map<number, DossierFile[]>();
  const fileById = new Map<number, DossierFile>();
  type FileRow = { submission_id: number; id: number; original_name: string; mime_type: string; size: number };
  for (const f of st.attached.all(unitId) as FileRow[]) {
    const file = { id: f.id, originalName: f.original_name, mimeType: f.mime_type, size: f.size };
    fileById.set(f.id, file);
    const list = attached.get(f.submission_id) ?? attached.set(f.submission_id, []).get(f.submission_id)!;
    list.push(file);
  }
  const parsed = rows.map((r) => ({ row: r, answers: JSON.parse(r.answers) as Record<string, unknown> }));
  // Files given as a form answer are files of the submission too.
  const answerFileIds = parsed.flatMap((p) =>
    Object.values(p.answers).flatMap((v) => (v && typeof v === 'object' && 'fileId' in v && typeof v.fileId === 'number' ? [v.fileId] : [])),
  );
  const missing = [...new Set(answerFileIds)].filter((id) => !fileById.has(id));
  if (missing.length) {
    for (const f of ctx.db.select().from(files).where(inArray(files.id, missing)).all()) {
      fileById.set(f.id, { id: f.id, originalName: f.originalName, mimeType: f.mimeType, size: f.size });
    }
  }
  const submissions = parsed.map(({ row: r, answers }): DossierSubmission => {
    const own = attached.get(r.id) ?? [];
    const answerList = answersOf(ctx, r.form_key, answers, fileById);
    const extra = answerList.flatMap((a) => (a.file && !own.some((f) => f.id === a.file!.id) ? [a.file] : []));
    return {
      id: r.id,
      code: r.code,
      version: r.version,
      channel: r.channel,
      submittedAt: new Date(r.submitted_at),
      onTime: r.on_time === 1,
      links: JSON.parse(r.links) as string[],
      note: r.note,
      reviewState: r.review_state,
      reviewReason: r.review_reason,
      reviewedAt: r.reviewed_at === null ? null : new Date(r.reviewed_at),
      requirement: { id: r.requirement_id, title: r.requirement_title, status: r.requirement_status },
      latest: r.latest === 1,
      reviewedBy: r.reviewer,
      files: [...own, ...extra],
      answers: answerList,
    };
  });
  type MessageRow = { created_at: number; direction: 'in' | 'out'; text: string; display_name: string; outbox_id: number | null };
  type AckRow = { acked_at: number; title: string; display_name: string };
  // A contact who sent a denunciation (a unit contact writing as a citizen after being cut off)
  // leaves no trace on the unit page below the admin role: their messages name the ticket.
  const people = { unitId, everyone: contactVisibility(ctx.actor) === 'all' ? 1 : 0 };
  const messages = st.messages.all(people) as MessageRow[];
  const origins = messageOrigins(ctx.db, messages.flatMap((m) => (m.outbox_id === null ? [] : [m.outbox_id])));
  const timeline: TimelineEntry[] = [
    ...messages.map((m): TimelineEntry => ({
      at: new Date(m.created_at),
      direction: m.direction,
      kind: m.direction === 'in' ? 'message' : kindOf(origins.get(m.outbox_id ?? -1)),
      contactName: m.display_name,
      text: m.text,
    })),
    ...(st.acks.all(people) as AckRow[]).map((a): TimelineEntry => ({
      at: new Date(a.acked_at),
      direction: 'in',
      kind: 'ack',
      contactName: a.display_name,
      text: `Đã xác nhận: ${a.title}`,
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, TIMELINE_LIMIT);
  return {
    unit,
    kindLabel: listUnitKinds(ctx).find((k) => k.key === unit.kind)?.label ?? unit.kind,
    contacts: listContacts(ctx, { unitId, limit: 100, offset: 0 }).items,
    invites: listInvites(ctx, { unitId, state: 'active', limit: 20, offset: 0 }).items,
    submissions,
    timeline,
  };
}
