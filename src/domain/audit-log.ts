import { and, count, eq, gte, lte, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.js';
import { listAudit, type AuditQuery } from './audit.js';
import type { Ctx } from './context.js';

export type AuditLogEntry = typeof auditLog.$inferSelect;

/** One page of the audit log with the total count, for the admin API. */
export function listAuditPage(ctx: Ctx, q: AuditQuery): { items: AuditLogEntry[]; total: number } {
  const where: SQL[] = [];
  // Same filters as listAudit, which returns the page itself.
  if (q.entity) where.push(eq(auditLog.entity, q.entity));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.from) where.push(gte(auditLog.at, q.from));
  if (q.to) where.push(lte(auditLog.at, q.to));
  const total = ctx.db.select({ n: count() }).from(auditLog).where(where.length ? and(...where) : undefined).get()?.n ?? 0;
  return { items: listAudit(ctx, q), total };
}
