import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.js';
import { actorId, type Ctx } from './context.js';

export type AuditEntry = {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
};

/** Call inside the transaction of the change, so the entry and the change land together. */
export function recordAudit(ctx: Ctx, entry: AuditEntry): void {
  ctx.db
    .insert(auditLog)
    .values({
      at: ctx.clock.now(),
      actorType: ctx.actor.type,
      actorId: actorId(ctx.actor),
      actorLabel: ctx.actor.label,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}

export type AuditQuery = {
  entity?: string;
  entityId?: string;
  action?: string;
  /** Who did it: the actor label (a username, a token's name, a job). */
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
};

/** The filters of an audit query as one condition (undefined: everything). */
export function auditCondition(q: Omit<AuditQuery, 'limit' | 'offset'>): SQL | undefined {
  const where: SQL[] = [];
  if (q.entity) where.push(eq(auditLog.entity, q.entity));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.actor) where.push(eq(auditLog.actorLabel, q.actor));
  if (q.from) where.push(gte(auditLog.at, q.from));
  if (q.to) where.push(lte(auditLog.at, q.to));
  return where.length ? and(...where) : undefined;
}

export function listAudit(ctx: Ctx, q: AuditQuery) {
  return ctx.db
    .select()
    .from(auditLog)
    .where(auditCondition(q))
    .orderBy(desc(auditLog.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
}
