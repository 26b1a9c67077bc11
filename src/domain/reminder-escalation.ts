import { preparedFor } from '../db/prepared.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import type { Ctx } from './context.js';
import type { OpenRequirement, OwingUnit, ReminderSummary, ReminderTick } from './reminders.js';
import { escalationMessage } from './reminder-texts.js';

const ESCALATED_SQL = `SELECT parent_unit_id FROM escalations WHERE requirement_id = ?`;

const INSERT_ESCALATION_SQL = `INSERT INTO escalations (requirement_id, parent_unit_id, sent_at, late_unit_ids)
  VALUES (@requirementId, @parentId, @now, @lateUnitIds)
  ON CONFLICT (requirement_id, parent_unit_id) DO NOTHING`;

const prepared = preparedFor((db) => ({
  escalated: db.$client.prepare(ESCALATED_SQL).pluck(),
  insertEscalation: db.$client.prepare(INSERT_ESCALATION_SQL),
}));

/**
 * Once now ≥ dueAt + escalateAfter: for each parent unit with late children in the audience,
 * one summary to the parent's active contacts, once per requirement and parent (the
 * escalations row). A parent with no active contact is left for a later tick.
 */
export function escalate(ctx: Ctx, tick: ReminderTick, requirement: OpenRequirement, owing: OwingUnit[], now: Date, summary: ReminderSummary): void {
  const st = prepared(ctx.db);
  const done = new Set(st.escalated.all(requirement.id) as number[]);
  const late = new Map<number, { id: number; code: string; name: string }[]>();
  for (const [unitId] of owing) {
    const unit = tick.unit(unitId);
    if (!unit || unit.parentId === null || done.has(unit.parentId)) continue;
    let list = late.get(unit.parentId);
    if (!list) late.set(unit.parentId, (list = []));
    list.push({ id: unitId, code: unit.code, name: unit.name });
  }
  for (const [parentId, children] of late) {
    const parent = tick.unit(parentId);
    const contacts = tick.contactsOf(parentId);
    if (!parent?.active || contacts.length === 0) continue;
    children.sort((a, b) => a.code.localeCompare(b.code));
    const inserted = st.insertEscalation.run({
      requirementId: requirement.id,
      parentId,
      now: now.getTime(),
      lateUnitIds: JSON.stringify(children.map((c) => c.id)),
    });
    if (inserted.changes === 0) continue;
    const message = escalationMessage({
      parentName: parent.name,
      requirementTitle: requirement.title,
      campaignTitle: requirement.campaignTitle,
      dueAt: requirement.dueAt,
      now,
      timeZone: ctx.timeZone,
      lateUnitNames: children.map((c) => c.name),
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
}
