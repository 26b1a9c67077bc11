import { asc, eq } from 'drizzle-orm';
import { unitKinds } from '../db/schema/index.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { conflict, notFound } from '../core/errors.js';

export type UnitKind = typeof unitKinds.$inferSelect;

/** A kind's key: lower-case letters, digits and _, 2–40, starting with a letter (truong_thpt, ubnd_xa). */
export const UNIT_KIND_KEY = /^[a-z][a-z0-9_]{1,39}$/;

export function listUnitKinds(ctx: Ctx): UnitKind[] {
  return ctx.db.select().from(unitKinds).orderBy(asc(unitKinds.sortOrder), asc(unitKinds.key)).all();
}

export function createUnitKind(ctx: Ctx, input: { key: string; label: string; sortOrder?: number }): UnitKind {
  return ctx.db.transaction(() => {
    if (ctx.db.select().from(unitKinds).where(eq(unitKinds.key, input.key)).get()) {
      throw conflict(`unit kind ${input.key} already exists`, 'key');
    }
    const row = ctx.db
      .insert(unitKinds)
      .values({ key: input.key, label: input.label, sortOrder: input.sortOrder ?? 0, createdAt: ctx.clock.now() })
      .returning()
      .get();
    recordAudit(ctx, { action: 'unit_kind.create', entity: 'unit_kind', entityId: row.key, after: row });
    return row;
  });
}

export function updateUnitKind(ctx: Ctx, key: string, input: { label?: string; sortOrder?: number }): UnitKind {
  return ctx.db.transaction(() => {
    const before = ctx.db.select().from(unitKinds).where(eq(unitKinds.key, key)).get();
    if (!before) throw notFound('unit kind', key);
    if (input.label === undefined && input.sortOrder === undefined) return before;
    const after = ctx.db.update(unitKinds).set(input).where(eq(unitKinds.key, key)).returning().get()!;
    recordAudit(ctx, { action: 'unit_kind.update', entity: 'unit_kind', entityId: key, before, after });
    return after;
  });
}

/** Kinds a Department starts with; staff add and rename their own through the API. */
export const DEFAULT_UNIT_KINDS: { key: string; label: string }[] = [
  { key: 'so_gddt', label: 'Sở Giáo dục và Đào tạo' },
  { key: 'phong_so', label: 'Phòng thuộc Sở' },
  { key: 'phong_gddt', label: 'Phòng GDĐT cấp huyện' },
  { key: 'ubnd_xa', label: 'UBND xã, phường, đặc khu' },
  { key: 'truong_thpt', label: 'Trường THPT' },
  { key: 'truong_thcs_thpt', label: 'Trường THCS và THPT / phổ thông nhiều cấp học' },
  { key: 'truong_chuyen_biet', label: 'Trường chuyên biệt (chuyên, dân tộc nội trú, khuyết tật)' },
  { key: 'trung_tam', label: 'Trung tâm (GDNN-GDTX, GDTX tỉnh, hỗ trợ giáo dục…)' },
  { key: 'truong_thcs', label: 'Trường THCS' },
  { key: 'truong_tieu_hoc', label: 'Trường Tiểu học' },
  { key: 'truong_mam_non', label: 'Trường Mầm non' },
  { key: 'to_chuc_khac', label: 'Tổ chức khác (công đoàn, đoàn thể)' },
];

export function ensureDefaultUnitKinds(ctx: Ctx): number {
  const existing = ctx.db.select({ key: unitKinds.key }).from(unitKinds).limit(1).all();
  if (existing.length > 0) return 0;
  const now = ctx.clock.now();
  ctx.db
    .insert(unitKinds)
    .values(DEFAULT_UNIT_KINDS.map((k, i) => ({ ...k, sortOrder: (i + 1) * 10, createdAt: now })))
    .run();
  return DEFAULT_UNIT_KINDS.length;
}
