import { seedDemoData } from '../../demo/seed.js';
import type { CommandRun } from '../command.js';

/** demo:seed — only ever fills an empty database. */
export const seedDemo: CommandRun = async (_args, { io, open }) => {
  const summary = seedDemoData((await open()).ctx);
  if (!summary) {
    // Nothing to do is not a failure: scripts may run this on every deploy.
    io.out('The database already has units; demo data is only added to an empty database. Nothing changed.');
    return 0;
  }
  io.out(
    `Demo data added (đã tạo dữ liệu mẫu): ${summary.units} units, ${summary.contacts} contacts, ` +
      `${summary.campaigns} campaign, ${summary.requirements} requirements, ${summary.submissions} submissions.`,
  );
  return 0;
};
