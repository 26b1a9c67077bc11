import { asc, gt } from 'drizzle-orm';
import { unitKinds, units } from '../db/schema/index.js';
import type { SheetRow } from '../lib/spreadsheet.js';
import { cleanText } from '../lib/text.js';
import type { TimeSlicer } from '../lib/time-slicer.js';
import type { Ctx } from './context.js';
import { kindResolver, parseActive, type Header, type ImportField } from './unit-import-columns.js';
import { UNIT_AREA_MAX, UNIT_CODE_PATTERN, UNIT_NAME_MAX, type Unit } from './units.js';

/** One problem, at the row number the spreadsheet shows (header = row 1; row 0 = the file as a whole). */
export type ImportError = { row: number; field: ImportField | 'file'; reason: string };

/** A checked row. `undefined` for a column the file does not have: an update keeps that value. */
export type Candidate = {
  row: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string | null | undefined;
  area: string | null | undefined;
  active: boolean | undefined;
};

export type Plan = { rows: Candidate[]; errors: ImportError[]; existing: Map<string, Unit>; existingById: Map<number, Unit> };

/** Checks every row against the units as they are now; yields to the event loop between slices. */
export async function planImport(ctx: Ctx, header: Header, dataRows: SheetRow[], slicer: TimeSlicer): Promise<Plan> {
  const existingList = await loadUnits(ctx, slicer);
  const existing = new Map(existingList.map((u) => [u.code, u]));
  const existingById = new Map(existingList.map((u) => [u.id, u]));
  const resolveKind = memo(kindResolver(ctx.db.select().from(unitKinds).all()));
  const readActive = memo(parseActive);
  const errors: ImportError[] = [];
  const rows: Candidate[] = [];
  const firstRowOf = new Map<string, number>();

  for (const sheetRow of dataRows) {
    await slicer.maybeYield();
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
    const active = activeText === undefined ? undefined : readActive(activeText);
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


/** Every unit, a page at a time: 20,000 rows read in one go hold the event loop for ~200 ms. */
async function loadUnits(ctx: Ctx, slicer: TimeSlicer): Promise<Unit[]> {
  const all: Unit[] = [];
  for (let after = 0; ; ) {
    const page = ctx.db.select().from(units).where(gt(units.id, after)).orderBy(asc(units.id)).limit(UNIT_PAGE).all();
    all.push(...page);
    if (page.length < UNIT_PAGE) return all;
    after = page[page.length - 1]!.id;
    await slicer.maybeYield();
  }
}

const UNIT_PAGE = 2000;

/** A file repeats the same few kinds and yes/no words thousands of times. */
function memo<T>(fn: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text)!;
    const value = fn(text);
    cache.set(text, value);
    return value;
  };
}

export function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
