import { DomainError } from '../core/errors.js';
import type { CliIo, Command } from './command.js';

type RowError = { row: number; field: string; reason: string };

/** A refused change, told the way an operator can act on it: what, which flag, which rows. */
export function reportDomainError(err: DomainError, command: Command, io: CliIo): void {
  const flag = err.field ? command.fieldFlags?.[err.field] ?? err.field : undefined;
  io.err(`error (${err.kind}): ${err.message}${flag ? ` [${flag}]` : ''}`);
  const { errors, totalErrors } = rowErrors(err.details);
  for (const e of errors) {
    io.err(e.row === 0 ? `  tệp: ${e.reason}` : `  dòng ${e.row}, ${e.field}: ${e.reason}`);
  }
  if (totalErrors > errors.length) io.err(`  … and ${totalErrors - errors.length} more (và ${totalErrors - errors.length} lỗi khác)`);
}

function rowErrors(details: unknown): { errors: RowError[]; totalErrors: number } {
  if (typeof details !== 'object' || details === null || !('errors' in details) || !Array.isArray(details.errors)) {
    return { errors: [], totalErrors: 0 };
  }
  const errors = details.errors.filter(isRowError);
  const total = 'totalErrors' in details && typeof details.totalErrors === 'number' ? details.totalErrors : errors.length;
  return { errors, totalErrors: total };
}

function isRowError(value: unknown): value is RowError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.row === 'number' && typeof v.field === 'string' && typeof v.reason === 'string';
}
