import { sendDigest } from '../domain/digest.js';
import { parseQuietHours } from '../domain/quiet-hours.js';
import type { Job } from './job.js';

/** Daily at 07:30: progress of every open requirement to each linked staff chat. */
export const digestJob: Job = {
  name: 'digest',
  schedule: '30 7 * * *',
  description: 'Gửi bản tổng hợp tình hình nộp bài hằng ngày cho cán bộ của Sở (07:30).',
  staleAfterMs: 30 * 60_000,
  run: (deps, ctx) => sendDigest(ctx, { quietHours: parseQuietHours(deps.config.quietHours) }),
};
