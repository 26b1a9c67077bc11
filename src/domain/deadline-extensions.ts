import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { deadlineExtensions } from '../db/schema/index.js';
import { cleanText } from '../lib/text.js';
import { formatVnDateTime, parseInstant } from '../lib/time.js';
import { isUnitInAudience } from './audience.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { closed, invalid } from '../core/errors.js';
import { getRequirement } from './requirements.js';

export type DeadlineExtension = typeof deadlineExtensions.$inferSelect;

const statements = preparedFor((db) => ({
  forRequirement: db.$client.prepare(`SELECT unit_id, due_at FROM deadline_extensions WHERE requirement_id = ?`).raw(),
  forUnit: db.$client.prepare(`SELECT due_at FROM deadline_extensions WHERE requirement_id = ? AND unit_id = ?`).pluck(),
}));

/** Units given their own deadline on this requirement: unit id → that deadline. Usually empty. */
export function extensionsFor(db: Db, requirementId: number): Map<number, Date> {
  const map = new Map<number, Date>();
  for (const [unitId, dueAt] of statements(db).forRequirement.all(requirementId) as [number, number][]) map.set(unitId, new Date(dueAt));
  return map;
}

/** The deadline that holds for one unit: its extension, or the requirement's. */
export function unitDueAt(db: Db, requirement: { id: number; dueAt: Date }, unitId: number): Date {
  const extended = statements(db).forUnit.get(requirement.id, unitId) as number | undefined;
  return extended === undefined ? requirement.dueAt : new Date(extended);
}

export type ExtendInput = { requirementId: number; unitId: number; dueAt: string; reason: string };

/**
 * Gia hạn: one unit gets a later deadline for one requirement, with the reason staff give.
 * Its status, its reminders (re-timed to the new deadline) and the on-time flag of what it
 * sends follow the new deadline. A second extension replaces the first; the audit log keeps both.
 */
export function extendDeadline(ctx: Ctx, input: ExtendInput): DeadlineExtension {
  const reason = cleanText(input.reason).slice(0, 500);
  if (!reason) throw invalid('Anh/chị ghi lý do gia hạn.', 'reason');
  const dueAt = parseInstant(input.dueAt, ctx.timeZone);
  if (!dueAt) throw invalid('Hạn mới không đọc được (ví dụ 2026-05-30 hoặc 2026-05-30 17:00).', 'dueAt');
  return ctx.db.transaction(() => {
    const requirement = getRequirement(ctx, input.requirementId);
    if (requirement.status === 'closed') throw closed('Yêu cầu này đã đóng, không gia hạn được.');
    if (!isUnitInAudience(ctx.db, requirement, input.unitId)) throw invalid('Đơn vị này không thuộc đối tượng của yêu cầu.', 'unitId');
    if (dueAt.getTime() <= requirement.dueAt.getTime()) {
      throw invalid(`Hạn mới phải sau hạn chung (${formatVnDateTime(requirement.dueAt, ctx.timeZone)}).`, 'dueAt');
    }
    const before = ctx.db
      .select()
      .from(deadlineExtensions)
      .where(and(eq(deadlineExtensions.requirementId, requirement.id), eq(deadlineExtensions.unitId, input.unitId)))
      .get();
    const values = {
      requirementId: requirement.id,
      unitId: input.unitId,
      dueAt,
      reason,
      staffUserId: ctx.actor.type === 'staff_user' ? ctx.actor.id : null,
      createdAt: ctx.clock.now(),
    };
    const after = ctx.db
      .insert(deadlineExtensions)
      .values(values)
      .onConflictDoUpdate({ target: [deadlineExtensions.requirementId, deadlineExtensions.unitId], set: values })
      .returning()
      .get();
    recordAudit(ctx, { action: 'requirement.extend', entity: 'requirement', entityId: requirement.id, before: before ?? null, after });
    return after;
  });
}
