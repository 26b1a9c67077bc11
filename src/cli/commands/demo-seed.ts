import { seedDemoData } from '../../demo/seed.js';
import type { Command } from '../command.js';

export const demoSeed: Command = {
  name: 'demo:seed',
  synopsis: '',
  summary: 'Fill an empty database with the demo plan and units (tạo dữ liệu mẫu)',
  flags: {},
  run(_args, { io, open }) {
    const summary = seedDemoData(open().ctx);
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
  },
};
