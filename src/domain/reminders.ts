import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/client.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import type { Channel } from '../conversation/messages.js';
import { offsetToMs } from '../lib/offsets.js';
import { AUDIENCE_CONDITION, audienceParams } from './audience.js';
import type { Ctx } from './context.js';
import { isQuiet, quietEnd, type QuietHours } from './quiet-hours.js';
import { dueOffsets, reminderSchedule, type PlannedOffset } from './reminder-schedule.js';
import { escalationMessage, reminderMessage } from './reminder-texts.js';

/**
 * Deadline reminders, computed from state on every tick (DESIGN "Jobs compute from state"):
 * for each open requirement the most recent reminder offset whose time has come, and the
 * audience units that still owe a submission and have not had that offset yet. A fire row
 * (requirement, unit, offset, scheduleVersion) is written only when it is sent (or skipped),
 * so no future rows are planned and nothing is ever sent twice:
 * - a unit "owes" when it has no submission or its latest version was returned by staff;
 * - "already had it" means a sent fire for that offset under ANY schedule version, so moving
 *   the deadline re-times offsets not yet sent but never repeats one already sent;
 * - when several offsets are in the past at once (new requirement, downtime, deadline moved),
 *   only the most recent is sent and the older ones are recorded as 'skipped'.
 */

/** Owing = no submission, or the latest version was returned (they must send again). */
const LATEST_STATE = `(SELECT s.review_state FROM submissions s
    WHERE s.requirement_id = @requirementId AND s.unit_id = u.id ORDER BY s.version DESC LIMIT 1)`;
export const OWES_CONDITION = `COALESCE(${LATEST_STATE}, 'returned') = 'returned'`;

const OPEN_REQUIREMENTS_SQL = `SELECT r.id, r.title, r.due_at, r.reminder_offsets, r.escalate_after, r.schedule_version,
    r.audience_kinds, r.audience_unit_ids, c.title AS campaign_title
  FROM requirements r JOIN campaigns c ON c.id = r.campaign_id AND c.status = 'open'
  WHERE r.status = 'open' ORDER BY r.due_at, r.id`;

const CANDIDATES_SQL = `SELECT id, latest_state FROM (
    SELECT u.id, ${LATEST_STATE} AS latest_state FROM units u
    WHERE ${AUDIENCE_CONDITION}
      AND NOT EXISTS (SELECT 1 FROM reminder_fires f WHERE f.requirement_id = @requirementId
                        AND f.unit_id = u.id AND f.offset = @offset AND f.status = 'sent'))
  WHERE latest_state IS NULL OR latest_state = 'returned' ORDER BY id`;

const MARK_SENT_SQL = `INSERT INTO reminder_fires
    (requirement_id, unit_id, offset, schedule_version, fire_at, status, sent_at, recipients, created_at)
  VALUES (@requirementId, @unitId, @offset, @version, @fireAt, 'sent', @now, @recipients, @now)
  ON CONFLICT (requirement_id, unit_id, offset, schedule_version)
  DO UPDATE SET status = 'sent', sent_at = excluded.sent_at, recipients = excluded.recipients`;

/** One statement for every (unit × older offset not sent before): the skipped reminders of a catch-up. */
const MARK_SKIPPED_SQL = `INSERT INTO reminder_fires
    (requirement_id, unit_id, offset, schedule_version, fire_at, status, sent_at, recipients, created_at)
  SELECT @requirementId, u.value, json_extract(o.value, '$[0]'), @version, json_extract(o.value, '$[1]'),
         'skipped', NULL, 0, @now
  FROM json_each(@unitIds) u, json_each(@older) o
  WHERE NOT EXISTS (SELECT 1 FROM reminder_fires f WHERE f.requirement_id = @requirementId AND f.unit_id = u.value
                      AND f.offset = json_extract(o.value, '$[0]') AND f.status = 'sent')
  ON CONFLICT (requirement_id, unit_id, offset, schedule_version) DO NOTHING`;

const ACTIVE_CONTACTS_SQL = `SELECT id, unit_id, channel, chat_id FROM contacts
  WHERE role = 'unit_contact' AND status = 'active' AND unit_id IS NOT NULL ORDER BY id`;

const ESCALATION_CANDIDATES_SQL = `SELECT u.parent_id, u.name FROM units u
  WHERE ${AUDIENCE_CONDITION} AND u.parent_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.requirement_id = @requirementId AND e.parent_unit_id = u.parent_id)
    AND ${OWES_CONDITION}
  ORDER BY u.parent_id, u.code`;

const INSERT_ESCALATION_SQL = `INSERT INTO escalations (requirement_id, parent_unit_id, sent_at, late_unit_ids)
  SELECT @requirementId, @parentId, @now, json_group_array(u.id) FROM units u
  WHERE ${AUDIENCE_CONDITION} AND u.parent_id = @parentId AND ${OWES_CONDITION}
  ON CONFLICT (requirement_id, parent_unit_id) DO NOTHING`;

type Statements = Record<
  'open' | 'candidates' | 'markSent' | 'markSkipped' | 'contacts' | 'unitNames' | 'escalationCandidates' | 'insertEscalation',
  BetterSqlite3.Statement
>;
const statements = new WeakMap<BetterSqlite3.Database, Statements>();
function prepared(db: Db): Statements {
  let s = statements.get(db.$client);
  if (!s) {
    const c = db.$client;
    s = {
      open: c.prepare(OPEN_REQUIREMENTS_SQL),
      candidates: c.prepare(CANDIDATES_SQL).raw(),
      markSent: c.prepare(MARK_SENT_SQL),
      markSkipped: c.prepare(MARK_SKIPPED_SQL),
      contacts: c.prepare(ACTIVE_CONTACTS_SQL).raw(),
      unitNames: c.prepare(`SELECT id, name, active FROM units`).raw(),
      escalationCandidates: c.prepare(ESCALATION_CANDIDATES_SQL).raw(),
      insertEscalation: c.prepare(INSERT_ESCALATION_SQL),
    };
    statements.set(c, s);
  }
  return s;
}

export type OpenRequirement = {
  id: number;
  title: string;
  campaignTitle: string;
  dueAt: Date;
  reminderOffsets: string[];
  escalateAfter: string | null;
  scheduleVersion: number;
  audienceKinds: string[];
  audienceUnitIds: number[];
};

type RequirementRow = {
  id: number;
  title: string;
  due_at: number;
  reminder_offsets: string;
  escalate_after: string | null;
  schedule_version: number;
  audience_kinds: string;
  audience_unit_ids: string;
  campaign_title: string;
};

/** Open requirements of open campaigns, by due time. */
export function openRequirements(db: Db): OpenRequirement[] {
  return (prepared(db).open.all() as RequirementRow[]).map((r) => ({
    id: r.id,
    title: r.title,
    campaignTitle: r.campaign_title,
    dueAt: new Date(r.due_at),
    reminderOffsets: JSON.parse(r.reminder_offsets) as string[],
    escalateAfter: r.escalate_after,
    scheduleVersion: r.schedule_version,
    audienceKinds: JSON.parse(r.audience_kinds) as string[],
    audienceUnitIds: JSON.parse(r.audience_unit_ids) as number[],
  }));
}

/** The reminders one requirement owes at `now`: one offset, the units to receive it. */
export type DueBatch = {
  requirement: OpenRequirement;
  offset: PlannedOffset;
  fireAt: Date;
  older: PlannedOffset[];
  /** Units owing a submission that have not had this offset: [unitId, latest review state or null]. */
  units: [unitId: number, latestState: string | null][];
};

/** Due reminders of one requirement (one set-based query), or undefined when none is due. */
export function dueBatch(db: Db, requirement: OpenRequirement, now: Date): DueBatch | undefined {
  const due = dueOffsets(reminderSchedule(requirement.reminderOffsets), requirement.dueAt, now);
  if (!due) return undefined;
  const units = prepared(db).candidates.all({
    ...audienceParams(requirement),
    requirementId: requirement.id,
    offset: due.latest.offset,
  }) as DueBatch['units'];
  return {
    requirement,
    offset: due.latest,
    fireAt: new Date(requirement.dueAt.getTime() + due.latest.ms),
    older: due.older,
    units,
  };
}

/** Every due reminder right now, read-only (what the benchmark times). */
export function dueReminders(db: Db, now: Date): DueBatch[] {
  const batches: DueBatch[] = [];
  for (const requirement of openRequirements(db)) {
    const batch = dueBatch(db, requirement, now);
    if (batch && batch.units.length > 0) batches.push(batch);
  }
  return batches;
}

type ContactTarget = { id: number; channel: Channel; chatId: string };

/** Active unit contacts by unit, and unit names: loaded once per tick, only if something is due. */
class Directory {
  private contacts?: Map<number, ContactTarget[]>;
  private units?: Map<number, { name: string; active: boolean }>;
  constructor(private readonly db: Db) {}

  contactsOf(unitId: number): ContactTarget[] {
    if (!this.contacts) {
      this.contacts = new Map();
      for (const [id, unit, channel, chatId] of prepared(this.db).contacts.all() as [number, number, Channel, string][]) {
        let list = this.contacts.get(unit);
        if (!list) this.contacts.set(unit, (list = []));
        list.push({ id, channel, chatId });
      }
    }
    return this.contacts.get(unitId) ?? [];
  }

  unit(unitId: number): { name: string; active: boolean } | undefined {
    if (!this.units) {
      this.units = new Map();
      for (const [id, name, active] of prepared(this.db).unitNames.all() as [number, string, number][]) {
        this.units.set(id, { name, active: active === 1 });
      }
    }
    return this.units.get(unitId);
  }
}

export type ReminderOptions = { quietHours: QuietHours };

export type ReminderSummary = {
  /** Set when nothing was sent because of quiet hours: when sending resumes (ISO). */
  heldUntil?: string;
  requirements: number;
  /** Fires sent (one per unit and offset). */
  sent: number;
  /** Messages written to the outbox (one per active contact). */
  messages: number;
  /** Fires sent to nobody: the unit has no active contact. */
  unreachable: number;
  /** Older offsets passed over in a catch-up. */
  skipped: number;
  escalations: number;
  escalationMessages: number;
};

/**
 * Sends every due reminder and escalation. Each requirement is one transaction that re-reads
 * who owes inside it, so a submission arriving a moment earlier stops its unit's reminder.
 * In quiet hours nothing is sent: the reminders stay due and go out at the end of the window
 * (they are held rather than queued for later, so a submission made overnight still cancels them).
 */
export function sendDueReminders(ctx: Ctx, opts: ReminderOptions): ReminderSummary {
  const now = ctx.clock.now();
  const summary: ReminderSummary = {
    requirements: 0,
    sent: 0,
    messages: 0,
    unreachable: 0,
    skipped: 0,
    escalations: 0,
    escalationMessages: 0,
  };
  if (isQuiet(opts.quietHours, now, ctx.timeZone)) {
    return { ...summary, heldUntil: quietEnd(opts.quietHours, now, ctx.timeZone).toISOString() };
  }
  const st = prepared(ctx.db);
  const directory = new Directory(ctx.db);
  for (const requirement of openRequirements(ctx.db)) {
    ctx.db.transaction(() => {
      const batch = dueBatch(ctx.db, requirement, now);
      if (!batch || batch.units.length === 0) return;
      summary.requirements += 1;
      for (const [unitId, latestState] of batch.units) {
        const message = reminderMessage({
          requirementId: requirement.id,
          requirementTitle: requirement.title,
          campaignTitle: requirement.campaignTitle,
          unitName: directory.unit(unitId)?.name ?? '',
          dueAt: requirement.dueAt,
          now,
          timeZone: ctx.timeZone,
          returned: latestState === 'returned',
        });
        let recipients = 0;
        for (const contact of directory.contactsOf(unitId)) {
          const id = enqueueMessage(ctx.db, now, {
            dedupeKey: `rem:${requirement.id}:${unitId}:${batch.offset.offset}:${contact.id}`,
            channel: contact.channel,
            chatId: contact.chatId,
            contactId: contact.id,
            lane: 'bulk',
            message,
          });
          if (id !== undefined) recipients += 1;
        }
        st.markSent.run({
          requirementId: requirement.id,
          unitId,
          offset: batch.offset.offset,
          version: requirement.scheduleVersion,
          fireAt: batch.fireAt.getTime(),
          now: now.getTime(),
          recipients,
        });
        summary.sent += 1;
        summary.messages += recipients;
        if (recipients === 0) summary.unreachable += 1;
      }
      if (batch.older.length > 0) {
        const older = batch.older.map((o) => [o.offset, requirement.dueAt.getTime() + o.ms]);
        summary.skipped += st.markSkipped.run({
          requirementId: requirement.id,
          version: requirement.scheduleVersion,
          unitIds: JSON.stringify(batch.units.map(([id]) => id)),
          older: JSON.stringify(older),
          now: now.getTime(),
        }).changes;
      }
    });
    sendEscalations(ctx, requirement, now, directory, summary);
  }
  if (summary.sent > 0 || summary.escalations > 0) ctx.log.info({ ...summary }, 'reminders sent');
  return summary;
}

/**
 * Once now ≥ dueAt + escalateAfter: for each parent unit with late children in the audience,
 * one summary to the parent's active contacts (once per requirement and parent: the
 * escalations row). A parent with no active contact is left for a later tick.
 */
function sendEscalations(ctx: Ctx, requirement: OpenRequirement, now: Date, directory: Directory, summary: ReminderSummary): void {
  if (!requirement.escalateAfter) return;
  if (now.getTime() < requirement.dueAt.getTime() + offsetToMs(requirement.escalateAfter)) return;
  const st = prepared(ctx.db);
  const params = { ...audienceParams(requirement), requirementId: requirement.id };
  ctx.db.transaction(() => {
    const late = new Map<number, string[]>();
    for (const [parentId, name] of st.escalationCandidates.all(params) as [number, string][]) {
      let names = late.get(parentId);
      if (!names) late.set(parentId, (names = []));
      names.push(name);
    }
    for (const [parentId, lateNames] of late) {
      const parent = directory.unit(parentId);
      const contacts = directory.contactsOf(parentId);
      if (!parent?.active || contacts.length === 0) continue;
      if (st.insertEscalation.run({ ...params, parentId, now: now.getTime() }).changes === 0) continue;
      const message = escalationMessage({
        parentName: parent.name,
        requirementTitle: requirement.title,
        campaignTitle: requirement.campaignTitle,
        dueAt: requirement.dueAt,
        now,
        timeZone: ctx.timeZone,
        lateUnitNames: lateNames,
      });
      for (const contact of contacts) {
        const id = enqueueMessage(ctx.db, now, {
          dedupeKey: `esc:${requirement.id}:${parentId}:${contact.id}`,
          channel: contact.channel,
          chatId: contact.chatId,
          contactId: contact.id,
          lane: 'bulk',
          message,
        });
        if (id !== undefined) summary.escalationMessages += 1;
      }
      summary.escalations += 1;
    }
  });
}
