import { preparedFor } from '../db/prepared.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { extensionsFor } from './deadline-extensions.js';
import { closed } from '../core/errors.js';
import { isQuiet, quietEnd, type QuietHours } from './quiet-hours.js';
import { openRequirements, owingUnits, ReminderTick } from './reminders.js';
import { reminderTemplate } from './reminder-texts.js';
import { getRequirement } from './requirements.js';

/** A unit reminded by hand is not reminded again by hand within this long (a double click, two staff at once). */
export const MANUAL_REMINDER_GAP_MS = 60_000;

const statements = preparedFor((db) => ({
  recent: db.$client
    .prepare(`SELECT DISTINCT unit_id FROM manual_reminders WHERE requirement_id = ? AND sent_at > ?`)
    .pluck(),
  insert: db.$client.prepare(
    `INSERT INTO manual_reminders (requirement_id, unit_id, sent_at, recipients, staff_user_id)
     VALUES (@requirementId, @unitId, @sentAt, @recipients, @staffUserId)`,
  ),
}));

export type RemindNowInput = {
  requirementId: number;
  /** The units to remind; without it, every unit that still owes a submission. */
  unitIds?: number[];
  quietHours: QuietHours;
};

export type RemindNowResult = {
  /** Units a reminder was written for. */
  reminded: number;
  /** Messages queued (one per active contact). */
  messages: number;
  /** Reminded units that nobody can receive a message for. */
  unreachable: number;
  /** Units reminded by hand less than a minute ago: left alone. */
  tooSoon: number;
  /** Units asked for that owe nothing (already sent). */
  notOwing: number;
  /** Set in quiet hours: the messages wait in the outbox until then. */
  heldUntil: Date | null;
};

/**
 * "Nhắc ngay": the same reminder text and outbox path as the reminders job, sent now to the
 * chosen units that still owe (or all of them), each unit at most once a minute. Recorded per
 * unit (manual_reminders) and in the audit log with the staff member's name.
 */
export function remindNow(ctx: Ctx, input: RemindNowInput): RemindNowResult {
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    const requirement = openRequirements(ctx.db).find((r) => r.id === input.requirementId);
    if (!requirement) {
      getRequirement(ctx, input.requirementId); // 404 when there is no such requirement at all
      throw closed('Yêu cầu này (hoặc kế hoạch của nó) đã đóng: không còn nhắc nộp.');
    }
    const tick = new ReminderTick(ctx.db);
    const owing = owingUnits(tick, requirement);
    const wanted = input.unitIds ? new Set(input.unitIds) : undefined;
    const chosen = wanted ? owing.filter(([unitId]) => wanted.has(unitId)) : owing;
    const recent = new Set(statements(ctx.db).recent.all(requirement.id, now.getTime() - MANUAL_REMINDER_GAP_MS) as number[]);
    const extended = extensionsFor(ctx.db, requirement.id);
    const heldUntil = isQuiet(input.quietHours, now, ctx.timeZone) ? quietEnd(input.quietHours, now, ctx.timeZone) : null;
    const template = (dueAt: Date) =>
      reminderTemplate({
        requirementId: requirement.id,
        requirementTitle: requirement.title,
        campaignTitle: requirement.campaignTitle,
        dueAt,
        now,
        timeZone: ctx.timeZone,
      });
    const common = template(requirement.dueAt);
    const result: RemindNowResult = { reminded: 0, messages: 0, unreachable: 0, tooSoon: 0, notOwing: wanted ? wanted.size - chosen.length : 0, heldUntil };
    const remindedIds: number[] = [];
    for (const [unitId, latestState] of chosen) {
      if (recent.has(unitId)) {
        result.tooSoon += 1;
        continue;
      }
      const own = extended.get(unitId);
      const message = (own ? template(own) : common)(tick.unit(unitId)?.name ?? '', latestState === 'returned');
      let recipients = 0;
      for (const contact of tick.contactsOf(unitId)) {
        const id = enqueueMessage(ctx.db, now, {
          dedupeKey: `rem-now:${requirement.id}:${unitId}:${contact.id}:${now.getTime()}`,
          channel: contact.channel,
          chatId: contact.chatId,
          contactId: contact.id,
          lane: wanted && wanted.size === 1 ? 'reply' : 'bulk',
          message,
          notBefore: heldUntil ?? undefined,
        });
        if (id !== undefined) recipients += 1;
      }
      statements(ctx.db).insert.run({
        requirementId: requirement.id,
        unitId,
        sentAt: now.getTime(),
        recipients,
        staffUserId: ctx.actor.type === 'staff_user' ? ctx.actor.id : null,
      });
      remindedIds.push(unitId);
      result.reminded += 1;
      result.messages += recipients;
      if (recipients === 0) result.unreachable += 1;
    }
    if (remindedIds.length > 0) {
      recordAudit(ctx, {
        action: 'requirement.remind_now',
        entity: 'requirement',
        entityId: requirement.id,
        after: { unitIds: remindedIds, messages: result.messages, heldUntil },
      });
    }
    return result;
  });
}
