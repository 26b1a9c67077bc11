import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { invalid } from '../../domain/errors.js';
import { importUnits } from '../../domain/unit-import.js';
import type { Command } from '../command.js';

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const unitsImport: Command = {
  name: 'units:import',
  synopsis: '<file.csv|file.xlsx> [--dry-run]',
  summary: 'Create or update units from a spreadsheet, all or nothing (nhập danh sách đơn vị)',
  flags: { 'dry-run': { type: 'boolean' } },
  positionals: ['file'],
  fieldFlags: { file: '<file>' },
  async run(args, { io, open }) {
    const path = args.positionals[0]!;
    const bytes = await readOrExplain(path);
    const dryRun = args.values['dry-run'] === true;
    const result = await importUnits(open().ctx, {
      bytes,
      filename: path,
      contentType: CONTENT_TYPES[extname(path).toLowerCase()],
      dryRun,
    });
    const counts = `${result.created} new (mới), ${result.updated} updated (cập nhật), ${result.unchanged} unchanged (không đổi)`;
    if (dryRun) {
      io.out(`Dry run, nothing written (chạy thử, chưa ghi gì): ${result.total} units in the ${result.format.toUpperCase()} file would give ${counts}.`);
    } else {
      io.out(`Imported ${result.total} units from the ${result.format.toUpperCase()} file (đã nhập): ${counts}.`);
    }
    return 0;
  },
};

async function readOrExplain(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file (không tìm thấy tệp)' : code === 'EISDIR' ? 'is a folder, not a file' : (err as Error).message;
    throw invalid(`cannot read ${path}: ${why}`, 'file');
  }
}
