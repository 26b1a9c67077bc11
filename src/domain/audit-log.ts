import { count, sql } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.js';
import { auditCondition, listAudit, type AuditQuery } from './audit.js';
import type { Ctx } from './context.js';

export type AuditLogEntry = typeof auditLog.$inferSelect;

/** One page of the audit log with the total count, for the admin API and page. */
export function listAuditPage(ctx: Ctx, q: AuditQuery): { items: AuditLogEntry[]; total: number } {
  const total = ctx.db.select({ n: count() }).from(auditLog).where(auditCondition(q)).get()?.n ?? 0;
  return { items: listAudit(ctx, q), total };
}

/** What the audit page's filters offer: the entities and actions recorded so far. */
export function auditVocabulary(ctx: Ctx): { entities: string[]; actions: string[] } {
  const entities = ctx.db.selectDistinct({ v: auditLog.entity }).from(auditLog).orderBy(auditLog.entity).all().map((r) => r.v);
  const actions = ctx.db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(sql`1`).all().map((r) => r.v);
  return { entities, actions };
}
