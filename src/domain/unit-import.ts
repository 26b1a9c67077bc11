import { formatNumberVi } from '../core/forms/numbers.js';
import { readSpreadsheet, RowLimitExceeded, SpreadsheetError, type Sheet } from '../lib/spreadsheet.js';
import { TimeSlicer } from '../lib/time-slicer.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { invalid, limit } from '../core/errors.js';
import { findHeader } from './unit-import-columns.js';
import { planImport, type ImportError } from './unit-import-plan.js';
import { changesOf, writeInSlices } from './unit-import-write.js';

export type { ImportError } from './unit-import-plan.js';

export type ImportUnitsInput = {
  bytes: Uint8Array;
  /** Only for the audit entry: the content decides the format. */
  filename?: string;
  contentType?: string;
  /** Validate and count, write nothing. */
  dryRun?: boolean;
  /** Data rows taken at most (IMPORT_MAX_ROWS); a larger file is refused with a `limit` error. */
  maxRows?: number;
};

export const DEFAULT_IMPORT_MAX_ROWS = 20_000;
/** The header may sit under a title: rows before it do not count against the limit. */
const HEADER_SEARCH_ROWS = 10;

export type ImportUnitsResult = {
  format: 'csv' | 'xlsx';
  created: number;
  updated: number;
  unchanged: number;
  total: number;
  dryRun: boolean;
};

/** How many errors an answer lists; the total is always reported. */
export const MAX_LISTED_ERRORS = 200;

/**
 * Creates or updates (by code) every unit of a CSV or XLSX file. Every row is checked first,
 * and one error anywhere means nothing is written. Parent codes may point at rows of the same
 * file (in any order) or at existing units. Reading, checking and writing all run in slices,
 * so the service keeps answering during a large import (see writeInSlices for what happens if
 * someone edits a unit meanwhile).
 */
export async function importUnits(ctx: Ctx, input: ImportUnitsInput): Promise<ImportUnitsResult> {
  const maxRows = input.maxRows ?? DEFAULT_IMPORT_MAX_ROWS;
  const sheet = await readOrExplain(input.bytes, maxRows);
  const header = findHeader(sheet.rows);
  if (!header) throw importFailed([{ row: 0, field: 'file', reason: 'tệp không có dữ liệu' }]);
  if (header.problems.length > 0) throw importFailed(header.problems);
  const dataRows = sheet.rows.filter((r) => r.number > header.row && r.cells.some((c) => c.trim() !== ''));
  if (dataRows.length === 0) {
    throw importFailed([{ row: 0, field: 'file', reason: 'tệp chỉ có dòng tiêu đề, chưa có đơn vị nào' }]);
  }
  if (dataRows.length > maxRows) throw tooManyRows(maxRows);

  const dryRun = input.dryRun ?? false;
  const slicer = new TimeSlicer();
  const plan = await planImport(ctx, header, dataRows, slicer);
  if (plan.errors.length > 0) throw importFailed(plan.errors);
  const { changes, counts } = await changesOf(plan, slicer);
  const result: ImportUnitsResult = { format: sheet.format, ...counts, total: plan.rows.length, dryRun };
  if (dryRun) return result;
  await writeInSlices(ctx, plan, changes, () =>
    recordAudit(ctx, {
      action: 'unit.import',
      entity: 'unit',
      after: { ...result, filename: input.filename ?? null, contentType: input.contentType ?? null },
    }),
  );
  return result;
}

const tooManyRows = (maxRows: number) =>
  limit(`Tệp có hơn ${formatNumberVi(maxRows)} đơn vị (giới hạn IMPORT_MAX_ROWS); hãy chia tệp hoặc nâng giới hạn.`, 'file');

async function readOrExplain(bytes: Uint8Array, maxRows: number): Promise<Sheet> {
  try {
    return await readSpreadsheet(bytes, { maxRows: maxRows + HEADER_SEARCH_ROWS });
  } catch (err) {
    if (err instanceof RowLimitExceeded) throw tooManyRows(maxRows);
    if (err instanceof SpreadsheetError && err.kind === 'limit') throw limit(`Không nhập được tệp: ${err.message}.`, 'file');
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
