import { parseQuietHours } from '../domain/quiet-hours.js';
import { sendDueReminders } from '../domain/reminders.js';
import type { Job } from './job.js';

/** Every minute: due deadline reminders and escalations, computed from state. */
export const remindersJob: Job = {
  name: 'reminders',
  schedule: '* * * * *',
  description: 'Nhắc hạn nộp bài cho các đơn vị chưa nộp và báo đơn vị cấp trên khi quá hạn (mỗi phút).',
  staleAfterMs: 15 * 60_000,
  run: (deps, ctx) => sendDueReminders(ctx, { quietHours: parseQuietHours(deps.config.quietHours) }),
};
