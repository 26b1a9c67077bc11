import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { invalid } from '../../core/errors.js';
import { importUnits } from '../../domain/unit-import.js';
import type { CommandRun } from '../command.js';

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** units:import — all or nothing; row errors come back as a DomainError that main lists. */
export const importUnitsFile: CommandRun = async (args, { io, open, config }) => {
  const path = args.positionals[0]!;
  const bytes = await readOrExplain(path);
  const dryRun = args.values['dry-run'] === true;
  const { ctx } = await open();
  const result = await importUnits(ctx, {
    bytes,
    filename: path,
    contentType: CONTENT_TYPES[extname(path).toLowerCase()],
    dryRun,
    maxRows: (await config()).limits.importRows,
  });
  const format = result.format.toUpperCase();
  const counts = `${result.created} new (mới), ${result.updated} updated (cập nhật), ${result.unchanged} unchanged (không đổi)`;
  if (dryRun) {
    io.out(`Dry run, nothing written (chạy thử, chưa ghi gì): ${result.total} units in the ${format} file would give ${counts}.`);
  } else {
    io.out(`Imported ${result.total} units from the ${format} file (đã nhập): ${counts}.`);
  }
  return 0;
};

async function readOrExplain(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file (không tìm thấy tệp)' : code === 'EISDIR' ? 'is a folder, not a file' : (err as Error).message;
    throw invalid(`cannot read ${path}: ${why}`, 'file');
  }
}
