import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import type { Channel } from '../core/messages.js';
import { offsetToMs } from '../lib/offsets.js';
import { yieldToLoop } from '../lib/time-slicer.js';
import { audienceUnitIds, type Audience } from './audience.js';
import type { Ctx } from './context.js';
import { extensionsFor } from './deadline-extensions.js';
import { isQuiet, quietEnd, type QuietHours } from './quiet-hours.js';
import { dueOffsets, reminderSchedule, type PlannedOffset } from './reminder-schedule.js';
import { escalate } from './reminder-escalation.js';
import { reminderTemplate } from './reminder-texts.js';

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
 *   only the most recent is sent and the older ones are recorded as 'skipped';
 * - a unit given its own deadline (gia hạn) is reminded on its own schedule, relative to that
 *   deadline, and is not escalated before it.
 */

const OPEN_REQUIREMENTS_SQL = `SELECT r.id, r.title, r.due_at, r.reminder_offsets, r.escalate_after, r.schedule_version,
    r.audience_kinds, r.audience_unit_ids, c.title AS campaign_title
  FROM requirements r JOIN campaigns c ON c.id = r.campaign_id AND c.status = 'open'
  WHERE r.status = 'open' ORDER BY r.due_at, r.id`;

/**
 * Each unit's latest review state for one requirement, as one scan of the (requirement, unit,
 * version) index: SQLite takes the bare column from the MAX(version) row of each group.
 */
const latestStateIs = (condition: string) => `SELECT unit_id FROM (
    SELECT unit_id, review_state AS state, MAX(version) FROM submissions WHERE requirement_id = ? GROUP BY unit_id)
  WHERE ${condition}`;
const RECEIVED_SQL = latestStateIs(`state <> 'returned'`);
const RETURNED_SQL = latestStateIs(`state = 'returned'`);
const ANY_RETURNED_SQL = `SELECT EXISTS (SELECT 1 FROM submissions WHERE requirement_id = ? AND review_state = 'returned')`;

/**
 * Units already sent this offset under the current schedule version. All those fires share
 * one fire time (dueAt + offset), so the (status, fire_at) index finds exactly them.
 */
const SENT_NOW_SQL = `SELECT unit_id FROM reminder_fires
  WHERE status = 'sent' AND fire_at = @fireAt AND requirement_id = @requirementId
    AND offset = @offset AND schedule_version = @version`;

/** …and under earlier versions (only asked when the schedule has changed). */
const SENT_BEFORE_SQL = `SELECT unit_id FROM reminder_fires
  WHERE requirement_id = @requirementId AND offset = @offset AND status = 'sent' AND schedule_version < @version`;

const MARK_SENT_SQL = `INSERT INTO reminder_fires
    (requirement_id, unit_id, offset, schedule_version, fire_at, status, sent_at, recipients, created_at)
  VALUES (@requirementId, @unitId, @offset, @version, @fireAt, 'sent', @now, @recipients, @now)
  ON CONFLICT (requirement_id, unit_id, offset, schedule_version)
  DO UPDATE SET status = 'sent', fire_at = excluded.fire_at, sent_at = excluded.sent_at, recipients = excluded.recipients`;

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

const prepared = preparedFor(({ $client: c }) => ({
  open: c.prepare(OPEN_REQUIREMENTS_SQL),
  received: c.prepare(RECEIVED_SQL).pluck(),
  returned: c.prepare(RETURNED_SQL).pluck(),
  anyReturned: c.prepare(ANY_RETURNED_SQL).pluck(),
  sentNow: c.prepare(SENT_NOW_SQL).pluck(),
  sentBefore: c.prepare(SENT_BEFORE_SQL).pluck(),
  markSent: c.prepare(MARK_SENT_SQL),
  markSkipped: c.prepare(MARK_SKIPPED_SQL),
  contacts: c.prepare(ACTIVE_CONTACTS_SQL).raw(),
  unitById: c.prepare(`SELECT id, code, name, parent_id, active FROM units WHERE id = ?`).raw(),
}));

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

type ContactTarget = { id: number; channel: Channel; chatId: string };
type UnitInfo = { code: string; name: string; parentId: number | null; active: boolean };

/**
 * What one tick reads once and shares between requirements: audiences (many requirements
 * name the same kinds), units and active unit contacts, loaded on first use.
 */
export class ReminderTick {
  private audiences = new Map<string, number[]>();
  private contacts?: Map<number, ContactTarget[]>;
  private units?: Map<number, UnitInfo | undefined>;
  constructor(readonly db: Db) {}

  audience(r: Audience): number[] {
    const key = JSON.stringify([r.audienceKinds, r.audienceUnitIds]);
    let ids = this.audiences.get(key);
    if (!ids) this.audiences.set(key, (ids = audienceUnitIds(this.db, r)));
    return ids;
  }

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

  /** One unit at a time, remembered: loading 20,000 at once held the event loop for ~100 ms. */
  unit(unitId: number): UnitInfo | undefined {
    this.units ??= new Map();
    if (!this.units.has(unitId)) {
      const row = prepared(this.db).unitById.get(unitId) as [number, string, string, number | null, number] | undefined;
      this.units.set(unitId, row ? { code: row[1], name: row[2], parentId: row[3], active: row[4] === 1 } : undefined);
    }
    return this.units.get(unitId);
  }
}

/** A unit that owes a submission, with its latest review state ('returned') or null (none). */
export type OwingUnit = [unitId: number, latestState: 'returned' | null];

/**
 * Audience units that owe a submission: none received, or the latest version returned by
 * staff. Set queries (audience, the requirement's received units), joined in memory.
 */
export function owingUnits(tick: ReminderTick, requirement: OpenRequirement): OwingUnit[] {
  const st = prepared(tick.db);
  const received = new Set(st.received.all(requirement.id) as number[]);
  // Returned submissions are rare: only then is a second scan worth making.
  const returned = st.anyReturned.get(requirement.id) === 1 ? new Set(st.returned.all(requirement.id) as number[]) : undefined;
  const owing: OwingUnit[] = [];
  for (const unitId of tick.audience(requirement)) {
    if (!received.has(unitId)) owing.push([unitId, returned?.has(unitId) ? 'returned' : null]);
  }
  return owing;
}

/** Units that already had this offset, under any schedule version. */
function unitsSent(db: Db, requirement: OpenRequirement, offset: string, fireAt: number): Set<number> {
  const st = prepared(db);
  const params = { requirementId: requirement.id, offset, version: requirement.scheduleVersion, fireAt };
  const sent = new Set(st.sentNow.all(params) as number[]);
  if (requirement.scheduleVersion > 1) for (const id of st.sentBefore.all(params) as number[]) sent.add(id);
  return sent;
}

/** The reminders one requirement owes at `now`: one offset, the units to receive it. */
export type DueBatch = {
  requirement: OpenRequirement;
  offset: PlannedOffset;
  fireAt: Date;
  older: PlannedOffset[];
  /** Units owing a submission that have not had this offset. */
  units: OwingUnit[];
};

/** Due reminders of one requirement, or undefined when no offset is due. */
export function dueBatch(tick: ReminderTick, requirement: OpenRequirement, now: Date, owing?: OwingUnit[]): DueBatch | undefined {
  const due = dueOffsets(reminderSchedule(requirement.reminderOffsets), requirement.dueAt, now);
  if (!due) return undefined;
  const fireAt = requirement.dueAt.getTime() + due.latest.ms;
  const sent = unitsSent(tick.db, requirement, due.latest.offset, fireAt);
  const units = (owing ?? owingUnits(tick, requirement)).filter(([unitId]) => !sent.has(unitId));
  return { requirement, offset: due.latest, fireAt: new Date(fireAt), older: due.older, units };
}

/** Every due reminder right now, read-only (what the benchmark times). */
export function dueReminders(db: Db, now: Date): DueBatch[] {
  const tick = new ReminderTick(db);
  const batches: DueBatch[] = [];
  for (const requirement of openRequirements(db)) {
    const batch = dueBatch(tick, requirement, now);
    if (batch && batch.units.length > 0) batches.push(batch);
  }
  return batches;
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

/** Units sent to per transaction: a big audience (20,000 units after an import) never holds the loop for long. */
export const REMINDER_SLICE_UNITS = 500;

/**
 * Sends every due reminder and escalation. Units go in slices, one transaction each, yielding
 * to the event loop between them; each slice re-reads who owes inside its transaction, so a
 * submission arriving a moment earlier stops its unit's reminder. In quiet hours nothing is
 * sent: the reminders stay due and go out at the end of the window (they are held rather than
 * queued for later, so a submission made overnight still cancels them).
 */
export async function sendDueReminders(ctx: Ctx, opts: ReminderOptions): Promise<ReminderSummary> {
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
  const tick = new ReminderTick(ctx.db);
  for (const requirement of openRequirements(ctx.db)) {
    const escalateAt = requirement.escalateAfter === null ? undefined : requirement.dueAt.getTime() + offsetToMs(requirement.escalateAfter);
    const escalating = escalateAt !== undefined && now.getTime() >= escalateAt;
    const remindersDue = dueOffsets(reminderSchedule(requirement.reminderOffsets), requirement.dueAt, now) !== undefined;
    if (!remindersDue && !escalating) continue;
    const owing = owingUnits(tick, requirement);
    if (owing.length === 0) continue;
    // A unit given more time (gia hạn) follows its own deadline; the rest share the common one.
    const extended = extensionsFor(ctx.db, requirement.id);
    const batches: DueBatch[] = [];
    const common = remindersDue ? dueBatch(tick, requirement, now, extended.size ? owing.filter(([unitId]) => !extended.has(unitId)) : owing) : undefined;
    if (common && common.units.length > 0) batches.push(common);
    for (const unit of owing) {
      const dueAt = extended.get(unit[0]);
      if (!dueAt) continue;
      const own = dueBatch(tick, { ...requirement, dueAt }, now, [unit]);
      if (own && own.units.length > 0) batches.push(own);
    }
    if (batches.length > 0) summary.requirements += 1;
    for (const batch of batches) {
      for (let start = 0; start < batch.units.length; start += REMINDER_SLICE_UNITS) {
        ctx.db.transaction(() => {
          // Received since the batch was read: those units no longer owe.
          const received = new Set(prepared(ctx.db).received.all(requirement.id) as number[]);
          const units = batch.units.slice(start, start + REMINDER_SLICE_UNITS).filter(([id]) => !received.has(id));
          sendBatch(ctx, tick, { ...batch, units }, now, summary);
        });
        await yieldToLoop();
      }
    }
    if (escalating) {
      ctx.db.transaction(() => {
        const owingNow = owingUnits(tick, requirement);
        const lateNow = extended.size ? owingNow.filter(([unitId]) => (extended.get(unitId)?.getTime() ?? 0) < now.getTime()) : owingNow;
        if (lateNow.length > 0) escalate(ctx, tick, requirement, lateNow, now, summary);
      });
      await yieldToLoop();
    }
  }
  if (summary.sent > 0 || summary.escalations > 0) ctx.log.info({ ...summary }, 'reminders sent');
  return summary;
}

/** One message per active contact of each unit, the fire marked sent with its recipient count. */
function sendBatch(ctx: Ctx, tick: ReminderTick, batch: DueBatch, now: Date, summary: ReminderSummary): void {
  const { requirement, offset } = batch;
  const st = prepared(ctx.db);
  const messageFor = reminderTemplate({
    requirementId: requirement.id,
    requirementTitle: requirement.title,
    campaignTitle: requirement.campaignTitle,
    dueAt: requirement.dueAt,
    now,
    timeZone: ctx.timeZone,
  });
  for (const [unitId, latestState] of batch.units) {
    const contacts = tick.contactsOf(unitId);
    // No text is built for a unit nobody can be reached at (after a big import, most of them).
    const message = contacts.length > 0 ? messageFor(tick.unit(unitId)?.name ?? '', latestState === 'returned') : undefined;
    let recipients = 0;
    for (const contact of contacts) {
      const id = enqueueMessage(ctx.db, now, {
        dedupeKey: `rem:${requirement.id}:${unitId}:${offset.offset}:${contact.id}`,
        channel: contact.channel,
        chatId: contact.chatId,
        contactId: contact.id,
        lane: 'bulk',
        message: message!,
      });
      if (id !== undefined) recipients += 1;
    }
    st.markSent.run({
      requirementId: requirement.id,
      unitId,
      offset: offset.offset,
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
    summary.skipped += st.markSkipped.run({
      requirementId: requirement.id,
      version: requirement.scheduleVersion,
      unitIds: JSON.stringify(batch.units.map(([id]) => id)),
      older: JSON.stringify(batch.older.map((o) => [o.offset, requirement.dueAt.getTime() + o.ms])),
      now: now.getTime(),
    }).changes;
  }
}
