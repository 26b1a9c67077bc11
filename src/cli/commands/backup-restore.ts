import { restoreBackup } from '../../db/restore.js';
import type { CommandRun } from '../command.js';

/** backup:restore <file> — the documented way back from a nightly backup. */
export const restoreBackupCommand: CommandRun = async (args, { io, config }) => {
  const { databasePath } = await config();
  const result = restoreBackup(args.positionals[0]!, databasePath, new Date());
  io.out(`Restored ${result.restoredFrom} → ${result.databasePath} (đã khôi phục).`);
  if (result.previousCopy) io.out(`The database it replaced is kept as ${result.previousCopy}.`);
  io.out('Start the service again; migrations newer than the backup apply at start.');
  return 0;
};
