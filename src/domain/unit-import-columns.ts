import type { SheetRow } from '../lib/spreadsheet.js';
import { foldVietnamese } from '../lib/text.js';

/** The columns an import file may have, named in API field style. */
export type ImportField = 'code' | 'name' | 'kind' | 'parentCode' | 'area' | 'active';

/** How staff may head each column: English or Vietnamese, with or without diacritics. */
const ALIASES: Record<ImportField, string[]> = {
  code: ['code', 'unit_code', 'ma', 'ma_don_vi', 'ma_dv', 'ma_dvi'],
  name: ['name', 'unit_name', 'ten', 'ten_don_vi', 'ten_dv', 'ten_dvi'],
  kind: ['kind', 'unit_kind', 'type', 'loai', 'loai_don_vi', 'loai_dv', 'loai_hinh'],
  parentCode: [
    'parent_code', 'parentcode', 'parent', 'ma_cap_tren', 'cap_tren', 'don_vi_cap_tren', 'ma_don_vi_cap_tren',
    'ma_dv_cap_tren', 'dv_cap_tren', 'don_vi_chu_quan', 'ma_don_vi_chu_quan',
  ],
  area: ['area', 'dia_ban', 'khu_vuc'],
  active: ['active', 'hoat_dong', 'dang_hoat_dong', 'con_hoat_dong'],
};

/** How staff read each column in an error message. */
export const FIELD_LABEL: Record<ImportField, string> = {
  code: 'mã đơn vị (code)',
  name: 'tên đơn vị (name)',
  kind: 'loại đơn vị (kind)',
  parentCode: 'mã cấp trên (parent_code)',
  area: 'địa bàn (area)',
  active: 'hoạt động (active)',
};

export const REQUIRED_FIELDS: ImportField[] = ['code', 'name', 'kind'];

/** "Mã đơn vị (*)" → "ma_don_vi". */
export function headerKey(text: string): string {
  return foldVietnamese(text)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const FIELD_BY_KEY = new Map<string, ImportField>();
for (const [field, keys] of Object.entries(ALIASES) as [ImportField, string[]][]) {
  for (const key of keys) FIELD_BY_KEY.set(key, field);
}

export type HeaderProblem = { row: number; field: ImportField; reason: string };
export type Header = {
  /** Row number of the header in the spreadsheet. */
  row: number;
  /** Cell index of each column the file has. */
  columns: Partial<Record<ImportField, number>>;
  problems: HeaderProblem[];
};

/**
 * Finds the header: the first row (of the first 10 with content) naming at least two known
 * columns — Vietnamese reports often put a title such as "DANH SÁCH ĐƠN VỊ" above it.
 */
export function findHeader(rows: SheetRow[]): Header | undefined {
  const candidates = rows.filter((r) => r.cells.some((c) => c.trim() !== '')).slice(0, 10);
  if (candidates.length === 0) return undefined;
  const chosen = candidates.find((r) => r.cells.filter((c) => FIELD_BY_KEY.has(headerKey(c))).length >= 2) ?? candidates[0]!;
  const columns: Header['columns'] = {};
  const problems: HeaderProblem[] = [];
  chosen.cells.forEach((cell, index) => {
    const field = FIELD_BY_KEY.get(headerKey(cell));
    if (!field) return; // other columns (STT, ghi chú…) are ignored
    if (columns[field] !== undefined) {
      problems.push({ row: chosen.number, field, reason: `cột ${FIELD_LABEL[field]} xuất hiện hơn một lần` });
    } else {
      columns[field] = index;
    }
  });
  for (const field of REQUIRED_FIELDS) {
    if (columns[field] === undefined) {
      problems.push({ row: chosen.number, field, reason: `thiếu cột bắt buộc: ${FIELD_LABEL[field]}` });
    }
  }
  return { row: chosen.number, columns, problems };
}

const TRUE_WORDS = new Set(['1', 'x', 'co', 'c', 'yes', 'y', 'true', 'dang hoat dong', 'hoat dong']);
const FALSE_WORDS = new Set(['0', '', 'khong', 'k', 'no', 'n', 'false', 'ngung', 'ngung hoat dong', 'da ngung']);

/** 1/0, có/không, yes/no, x/blank; undefined when unreadable. */
export function parseActive(text: string): boolean | undefined {
  const folded = foldVietnamese(text);
  if (TRUE_WORDS.has(folded)) return true;
  if (FALSE_WORDS.has(folded)) return false;
  return undefined;
}

/** Resolves a kind written as its key or its label, diacritics and case ignored. */
export function kindResolver(kinds: { key: string; label: string }[]): (text: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const k of kinds) byKey.set(headerKey(k.key), k.key);
  for (const k of kinds) if (!byKey.has(headerKey(k.label))) byKey.set(headerKey(k.label), k.key);
  return (text) => byKey.get(headerKey(text));
}
