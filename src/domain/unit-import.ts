import { readSpreadsheet, SpreadsheetError, type Sheet } from '../lib/spreadsheet.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { invalid } from './errors.js';
import { findHeader } from './unit-import-columns.js';
import { planImport, type ImportError } from './unit-import-plan.js';
import { applyPlan } from './unit-import-write.js';

export type { ImportError } from './unit-import-plan.js';

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
