import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { unitKinds, units } from '../db/schema/index.js';
import { cleanText } from '../lib/text.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import { searchTokens, unitSearchText } from './unit-search.js';

export type Unit = typeof units.$inferSelect;
export type UnitRef = { id: number; code: string; name: string };
/** A unit as callers see it: with its parent's summary (null for a root unit). */
export type UnitView = Unit & { parent: UnitRef | null };
export type UnitDetail = UnitView & { childCount: number };

export const UNIT_CODE_PATTERN = /^[A-Za-z0-9._-]{1,40}$/;
export const UNIT_NAME_MAX = 300;
export const UNIT_AREA_MAX = 200;

export type CreateUnitInput = { code: string; name: string; kind: string; parentId?: number | null; area?: string | null };
export type UpdateUnitInput = Partial<CreateUnitInput> & { active?: boolean };
export type UnitListQuery = {
  kind?: string;
  /** A unit id, or 'none' for root units. */
  parentId?: number | 'none';
  /** Words to find in code + name, with or without diacritics. */
  q?: string;
  active?: boolean;
  limit: number;
  offset: number;
};

const parentUnit = alias(units, 'parent_unit');

function viewQuery(ctx: Ctx) {
  return ctx.db
    .select({ unit: units, parentId: parentUnit.id, parentCode: parentUnit.code, parentName: parentUnit.name })
    .from(units)
    .leftJoin(parentUnit, eq(parentUnit.id, units.parentId));
}

type ViewRow = { unit: Unit; parentId: number | null; parentCode: string | null; parentName: string | null };
const toView = (r: ViewRow): UnitView => ({
  ...r.unit,
  parent: r.parentId === null ? null : { id: r.parentId, code: r.parentCode!, name: r.parentName! },
});

export function listUnits(ctx: Ctx, q: UnitListQuery): { items: UnitView[]; total: number } {
  const where: SQL[] = [];
  if (q.kind) where.push(eq(units.kind, q.kind));
  if (q.parentId === 'none') where.push(isNull(units.parentId));
  else if (q.parentId !== undefined) where.push(eq(units.parentId, q.parentId));
  if (q.active !== undefined) where.push(eq(units.active, q.active));
  for (const word of searchTokens(q.q ?? '')) where.push(sql`instr(${units.searchText}, ${word}) > 0`);
  const condition = where.length ? and(...where) : undefined;
  const items = viewQuery(ctx).where(condition).orderBy(asc(units.code)).limit(q.limit).offset(q.offset).all().map(toView);
  const total = ctx.db.select({ n: count() }).from(units).where(condition).get()?.n ?? 0;
  return { items, total };
}

export function getUnit(ctx: Ctx, id: number): UnitDetail {
  const row = viewQuery(ctx).where(eq(units.id, id)).get();
  if (!row) throw notFound('unit', id);
  const childCount = ctx.db.select({ n: count() }).from(units).where(eq(units.parentId, id)).get()?.n ?? 0;
  return { ...toView(row), childCount };
}

export function findUnitByCode(ctx: Ctx, code: string): Unit | undefined {
  return ctx.db.select().from(units).where(eq(units.code, code.trim())).get();
}

export function createUnit(ctx: Ctx, input: CreateUnitInput): UnitDetail {
  const code = checkCode(input.code);
  const name = checkName(input.name);
  const area = checkArea(input.area);
  const id = ctx.db.transaction(() => {
    checkKind(ctx, input.kind);
    if (findUnitByCode(ctx, code)) throw conflict(`unit code ${code} is already used`, 'code');
    if (input.parentId != null) checkParentExists(ctx, input.parentId);
    const now = ctx.clock.now();
    const row = ctx.db
      .insert(units)
      .values({
        code,
        name,
        searchText: unitSearchText(code, name),
        kind: input.kind,
        parentId: input.parentId ?? null,
        area,
        active: true,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordAudit(ctx, { action: 'unit.create', entity: 'unit', entityId: row.id, after: row });
    return row.id;
  });
  return getUnit(ctx, id);
}

export function updateUnit(ctx: Ctx, id: number, patch: UpdateUnitInput): UnitDetail {
  ctx.db.transaction(() => {
    const before = ctx.db.select().from(units).where(eq(units.id, id)).get();
    if (!before) throw notFound('unit', id);
    const next: Partial<Unit> = {};
    if (patch.code !== undefined) {
      const code = checkCode(patch.code);
      if (code !== before.code) {
        if (findUnitByCode(ctx, code)) throw conflict(`unit code ${code} is already used`, 'code');
        next.code = code;
      }
    }
    if (patch.name !== undefined) {
      const name = checkName(patch.name);
      if (name !== before.name) next.name = name;
    }
    if (patch.kind !== undefined && patch.kind !== before.kind) {
      checkKind(ctx, patch.kind);
      next.kind = patch.kind;
    }
    if (patch.parentId !== undefined && patch.parentId !== before.parentId) {
      if (patch.parentId !== null) {
        checkParentExists(ctx, patch.parentId);
        checkNoCycle(ctx, id, patch.parentId);
      }
      next.parentId = patch.parentId;
    }
    if (patch.area !== undefined) {
      const area = checkArea(patch.area);
      if (area !== before.area) next.area = area;
    }
    if (patch.active !== undefined && patch.active !== before.active) next.active = patch.active;
    if (Object.keys(next).length === 0) return; // nothing changed: no write, no audit entry

    if (next.code !== undefined || next.name !== undefined) {
      next.searchText = unitSearchText(next.code ?? before.code, next.name ?? before.name);
    }
    next.updatedAt = ctx.clock.now();
    const after = ctx.db.update(units).set(next).where(eq(units.id, id)).returning().get()!;
    recordAudit(ctx, { action: 'unit.update', entity: 'unit', entityId: id, before, after });
  });
  return getUnit(ctx, id);
}

/** Units are never deleted: contacts, submissions and the audit log keep pointing at them. */
export function deactivateUnit(ctx: Ctx, id: number): UnitDetail {
  ctx.db.transaction(() => {
    const before = ctx.db.select().from(units).where(eq(units.id, id)).get();
    if (!before) throw notFound('unit', id);
    if (!before.active) return;
    const after = ctx.db
      .update(units)
      .set({ active: false, updatedAt: ctx.clock.now() })
      .where(eq(units.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, { action: 'unit.deactivate', entity: 'unit', entityId: id, before, after });
  });
  return getUnit(ctx, id);
}

function checkCode(raw: string): string {
  const code = raw.trim();
  if (!UNIT_CODE_PATTERN.test(code)) {
    throw invalid('code: 1–40 letters, digits, ".", "_" or "-"', 'code');
  }
  return code;
}

function checkName(raw: string): string {
  const name = cleanText(raw);
  if (name.length === 0 || name.length > UNIT_NAME_MAX) throw invalid(`name: 1–${UNIT_NAME_MAX} characters`, 'name');
  return name;
}

function checkArea(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const area = cleanText(raw);
  if (area.length > UNIT_AREA_MAX) throw invalid(`area: at most ${UNIT_AREA_MAX} characters`, 'area');
  return area.length === 0 ? null : area;
}

function checkKind(ctx: Ctx, kind: string): void {
  if (!ctx.db.select({ key: unitKinds.key }).from(unitKinds).where(eq(unitKinds.key, kind)).get()) {
    throw invalid(`kind: unknown unit kind ${kind} (see GET /api/v1/unit-kinds)`, 'kind');
  }
}

function checkParentExists(ctx: Ctx, parentId: number): void {
  if (!ctx.db.select({ id: units.id }).from(units).where(eq(units.id, parentId)).get()) {
    throw invalid(`parentId: no unit ${parentId}`, 'parentId');
  }
}

/** Walks up from the new parent; meeting the unit itself means the move would make a loop. */
function checkNoCycle(ctx: Ctx, id: number, parentId: number): void {
  const seen = new Set<number>();
  let current: number | null = parentId;
  while (current !== null && !seen.has(current)) {
    if (current === id) throw invalid('parentId: a unit cannot be placed under itself or one of its own sub-units', 'parentId');
    seen.add(current);
    current = ctx.db.select({ parentId: units.parentId }).from(units).where(eq(units.id, current)).get()?.parentId ?? null;
  }
}

/** Units named by code (as staff paste them from a spreadsheet): the ids found, and the codes that are not units. */
export function unitIdsByCodes(ctx: Ctx, codes: string[]): { ids: number[]; unknown: string[] } {
  const wanted = [...new Set(codes.map((c) => c.trim()).filter(Boolean))];
  if (wanted.length === 0) return { ids: [], unknown: [] };
  const rows = ctx.db.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, wanted)).all();
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  return { ids: wanted.flatMap((c) => byCode.get(c) ?? []), unknown: wanted.filter((c) => !byCode.has(c)) };
}

/** The codes of these units, in code order (to show an audience back as staff typed it). */
export function unitCodes(ctx: Ctx, ids: number[]): string[] {
  if (ids.length === 0) return [];
  return ctx.db.select({ code: units.code }).from(units).where(inArray(units.id, ids)).orderBy(asc(units.code)).all().map((r) => r.code);
}
