import { unitKinds, units } from '../db/schema/index.js';
import { readSpreadsheet, SpreadsheetError, type Sheet, type SheetRow } from '../lib/spreadsheet.js';
import { cleanText } from '../lib/text.js';
import { recordAudit } from './audit.js';
import { actorId, type Ctx } from './context.js';
import { invalid } from './errors.js';
import { findHeader, kindResolver, parseActive, type Header, type ImportField } from './unit-import-columns.js';
import { unitSearchText } from './unit-search.js';
import { UNIT_AREA_MAX, UNIT_CODE_PATTERN, UNIT_NAME_MAX, type Unit } from './units.js';

export type ImportUnitsInput = {
  bytes: Uint8Array;
  /** Only for the audit entry: the content decides the format. */
  filename?: string;
  contentType?: string;
  /** Validate and count, write nothing. */
  dryRun?: boolean;
};

export type ImportUnitsResult = {
  format: 'csv' | 'xlsx';
  created: number;
  updated: number;
  unchanged: number;
  total: number;
  dryRun: boolean;
};

/** One problem, at the row number the spreadsheet shows (header = row 1; row 0 = the file as a whole). */
export type ImportError = { row: number; field: ImportField | 'file'; reason: string };

/** How many errors an answer lists; the total is always reported. */
export const MAX_LISTED_ERRORS = 200;

/**
 * Creates or updates (by code) every unit of a CSV or XLSX file, all or nothing:
 * every row is checked first, and one error anywhere means nothing is written.
 * Parent codes may point at rows of the same file (in any order) or at existing units.
 */
export async function importUnits(ctx: Ctx, input: ImportUnitsInput): Promise<ImportUnitsResult> {
  const sheet = await readOrExplain(input.bytes);
  const header = findHeader(sheet.rows);
  if (!header) throw importFailed([{ row: 0, field: 'file', reason: 'tệp không có dữ liệu' }]);
  if (header.problems.length > 0) throw importFailed(header.problems);
  const dataRows = sheet.rows.filter((r) => r.number > header.row && r.cells.some((c) => c.trim() !== ''));
  if (dataRows.length === 0) {
    throw importFailed([{ row: 0, field: 'file', reason: 'tệp chỉ có dòng tiêu đề, chưa có đơn vị nào' }]);
  }

  const dryRun = input.dryRun ?? false;
  // Checking and writing share one transaction, so no other write slips in between.
  return ctx.db.transaction(
    () => {
      const plan = planImport(ctx, header, dataRows);
      if (plan.errors.length > 0) throw importFailed(plan.errors);
      const counts = applyPlan(ctx, plan, dryRun);
      const result: ImportUnitsResult = { format: sheet.format, ...counts, total: plan.rows.length, dryRun };
      if (!dryRun) {
        recordAudit(ctx, {
          action: 'unit.import',
          entity: 'unit',
          after: { ...result, filename: input.filename ?? null, contentType: input.contentType ?? null },
        });
      }
      return result;
    },
    { behavior: dryRun ? 'deferred' : 'immediate' },
  );
}

async function readOrExplain(bytes: Uint8Array): Promise<Sheet> {
  try {
    return await readSpreadsheet(bytes);
  } catch (err) {
    if (err instanceof SpreadsheetError) throw importFailed([{ row: 0, field: 'file', reason: err.message }]);
    throw err;
  }
}

function importFailed(errors: ImportError[]) {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  const rowCount = new Set(sorted.map((e) => e.row)).size;
  const first = sorted[0]!;
  const message =
    sorted.length === 1 && first.row === 0
      ? `Không nhập được tệp: ${first.reason}.`
      : `Tệp có ${sorted.length} lỗi ở ${rowCount} dòng; chưa ghi đơn vị nào. Hãy sửa các dòng được nêu rồi tải lại.`;
  return invalid(message, 'file', { errors: sorted.slice(0, MAX_LISTED_ERRORS), totalErrors: sorted.length });
}

/** A checked row. `undefined` for a column the file does not have: an update keeps that value. */
type Candidate = {
  row: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string | null | undefined;
  area: string | null | undefined;
  active: boolean | undefined;
};

type Plan = { rows: Candidate[]; errors: ImportError[]; existing: Map<string, Unit>; existingById: Map<number, Unit> };

function planImport(ctx: Ctx, header: Header, dataRows: SheetRow[]): Plan {
  const existingList = ctx.db.select().from(units).all();
  const existing = new Map(existingList.map((u) => [u.code, u]));
  const existingById = new Map(existingList.map((u) => [u.id, u]));
  const resolveKind = kindResolver(ctx.db.select().from(unitKinds).all());
  const errors: ImportError[] = [];
  const rows: Candidate[] = [];
  const firstRowOf = new Map<string, number>();

  for (const sheetRow of dataRows) {
    const before = errors.length;
    const fail = (field: ImportField, reason: string) => errors.push({ row: sheetRow.number, field, reason });
    const cell = (field: ImportField): string | undefined => {
      const index = header.columns[field];
      return index === undefined ? undefined : (sheetRow.cells[index] ?? '');
    };

    const code = (cell('code') ?? '').trim();
    if (code === '') fail('code', 'thiếu mã đơn vị');
    else if (!UNIT_CODE_PATTERN.test(code)) {
      fail('code', `mã đơn vị không hợp lệ: "${shorten(code)}" (tối đa 40 ký tự, chỉ gồm chữ không dấu, số và . _ -)`);
    } else if (firstRowOf.has(code)) fail('code', `mã trùng với dòng ${firstRowOf.get(code)}`);
    else firstRowOf.set(code, sheetRow.number);

    const name = cleanText(cell('name') ?? '');
    if (name === '') fail('name', 'thiếu tên đơn vị');
    else if (name.length > UNIT_NAME_MAX) fail('name', `tên đơn vị dài quá ${UNIT_NAME_MAX} ký tự`);

    const kindText = (cell('kind') ?? '').trim();
    const kind = kindText === '' ? undefined : resolveKind(kindText);
    if (kindText === '') fail('kind', 'thiếu loại đơn vị');
    else if (!kind) fail('kind', `loại đơn vị không tồn tại: ${shorten(kindText)}`);

    const parentText = cell('parentCode')?.trim();
    const parentCode = parentText === undefined ? undefined : parentText === '' ? null : parentText;

    const areaText = cell('area');
    const area = areaText === undefined ? undefined : cleanText(areaText) || null;
    if (area && area.length > UNIT_AREA_MAX) fail('area', `địa bàn dài quá ${UNIT_AREA_MAX} ký tự`);

    const activeText = cell('active');
    const active = activeText === undefined ? undefined : parseActive(activeText);
    if (activeText !== undefined && active === undefined) {
      fail('active', `giá trị hoạt động không hiểu được: "${shorten(activeText.trim())}" (dùng 1/0, có/không, x hoặc để trống)`);
    }

    if (errors.length === before) rows.push({ row: sheetRow.number, code, name, kind: kind!, parentCode, area, active });
  }

  checkParents(rows, firstRowOf, existing, existingById, errors);
  return { rows, errors, existing, existingById };
}

/** Parents must exist (in the file or already), and no unit may end up above itself. */
function checkParents(
  rows: Candidate[],
  codesInFile: Map<string, number>,
  existing: Map<string, Unit>,
  existingById: Map<number, Unit>,
  errors: ImportError[],
): void {
  const inFile = new Map(rows.map((r) => [r.code, r]));
  const badParent = new Set<string>();
  for (const r of rows) {
    if (typeof r.parentCode !== 'string') continue;
    if (r.parentCode === r.code) {
      errors.push({ row: r.row, field: 'parentCode', reason: 'đơn vị không thể là cấp trên của chính nó' });
      badParent.add(r.code);
    } else if (!codesInFile.has(r.parentCode) && !existing.has(r.parentCode)) {
      errors.push({ row: r.row, field: 'parentCode', reason: `mã cấp trên không tìm thấy: ${shorten(r.parentCode)}` });
      badParent.add(r.code);
    }
  }

  // The hierarchy after the import: the file's parents over the existing ones.
  const parentOf = (code: string): string | null => {
    const r = inFile.get(code);
    if (r && r.parentCode !== undefined) return badParent.has(code) ? null : r.parentCode;
    const u = existing.get(code);
    return u?.parentId == null ? null : (existingById.get(u.parentId)?.code ?? null);
  };
  // Each code is walked once: 1 = on the current path, 2 = known to reach a root.
  const state = new Map<string, 1 | 2>();
  for (const r of rows) {
    const path: string[] = [];
    let current: string | null = r.code;
    while (current !== null && !state.has(current)) {
      state.set(current, 1);
      path.push(current);
      current = parentOf(current);
    }
    if (current !== null && state.get(current) === 1) {
      const loop = path.slice(path.indexOf(current));
      const shown = [...loop, current].map(shorten).join(' → ');
      for (const code of loop) {
        const row = inFile.get(code);
        if (row) errors.push({ row: row.row, field: 'parentCode', reason: `vòng lặp cấp trên: ${shown}` });
      }
    }
    for (const code of path) state.set(code, 2);
  }
}

type AuditRow = { action: string; entityId: number; before: unknown; after: unknown };

/** Writes in an order where each new parent is inserted before its children. */
function applyPlan(ctx: Ctx, plan: Plan, dryRun: boolean): { created: number; updated: number; unchanged: number } {
  const sqlite = ctx.db.$client;
  const insert = sqlite.prepare(
    `INSERT INTO units (code, name, search_text, kind, parent_id, area, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = sqlite.prepare(
    `UPDATE units SET name = ?, search_text = ?, kind = ?, parent_id = ?, area = ?, active = ?, updated_at = ? WHERE id = ?`,
  );
  const now = ctx.clock.now();
  const ids = new Map<string, number>();
  for (const [code, u] of plan.existing) ids.set(code, u.id);
  const audits: AuditRow[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;

  for (const r of writeOrder(plan)) {
    const before = plan.existing.get(r.code);
    const parentId =
      r.parentCode === undefined ? (before?.parentId ?? null) : r.parentCode === null ? null : ids.get(r.parentCode)!;
    const area = r.area === undefined ? (before?.area ?? null) : r.area;
    const active = r.active === undefined ? (before?.active ?? true) : r.active;
    const searchText = unitSearchText(r.code, r.name);

    if (!before) {
      created++;
      // A dry run still needs an id for children to point at; negative ones never match a real unit.
      const id = dryRun
        ? -created
        : Number(insert.run(r.code, r.name, searchText, r.kind, parentId, area, active ? 1 : 0, +now, +now).lastInsertRowid);
      ids.set(r.code, id);
      const after: Unit = { id, code: r.code, name: r.name, searchText, kind: r.kind, parentId, area, active, createdAt: now, updatedAt: now };
      audits.push({ action: 'unit.create', entityId: id, before: null, after });
      continue;
    }
    const same =
      before.name === r.name && before.kind === r.kind && before.parentId === parentId && before.area === area && before.active === active;
    if (same) {
      unchanged++;
      continue;
    }
    updated++;
    if (!dryRun) update.run(r.name, searchText, r.kind, parentId, area, active ? 1 : 0, +now, before.id);
    const after: Unit = { ...before, name: r.name, searchText, kind: r.kind, parentId, area, active, updatedAt: now };
    audits.push({ action: 'unit.update', entityId: before.id, before, after });
  }

  if (!dryRun) writeAudits(ctx, audits);
  return { created, updated, unchanged };
}

/** File order, except that a row whose parent is created by this file comes after that parent. */
function writeOrder(plan: Plan): Candidate[] {
  const inFile = new Map(plan.rows.map((r) => [r.code, r]));
  const placed = new Set<string>();
  const order: Candidate[] = [];
  for (const r of plan.rows) {
    const chain: Candidate[] = [];
    let current: Candidate | undefined = r;
    while (current && !placed.has(current.code)) {
      placed.add(current.code);
      chain.push(current);
      const parent: string | null | undefined = current.parentCode;
      current = typeof parent === 'string' && !plan.existing.has(parent) ? inFile.get(parent) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) order.push(chain[i]!);
  }
  return order;
}

/** One prepared statement for the whole batch: the same fields recordAudit writes. */
function writeAudits(ctx: Ctx, rows: AuditRow[]): void {
  const insert = ctx.db.$client.prepare(
    `INSERT INTO audit_log (at, actor_type, actor_id, actor_label, action, entity, entity_id, before, after)
     VALUES (?, ?, ?, ?, ?, 'unit', ?, ?, ?)`,
  );
  const at = +ctx.clock.now();
  const who = actorId(ctx.actor);
  for (const r of rows) {
    insert.run(
      at,
      ctx.actor.type,
      who,
      ctx.actor.label,
      r.action,
      String(r.entityId),
      r.before === null ? null : JSON.stringify(r.before),
      JSON.stringify(r.after),
    );
  }
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
