import { sendDueBroadcasts } from '../domain/broadcasts.js';
import type { Job } from './job.js';

/** Every minute: scheduled broadcasts whose time has come, computed from state. */
export const broadcastsJob: Job = {
  name: 'broadcasts',
  schedule: '* * * * *',
  description: 'Gửi các thông báo đã hẹn giờ khi đến giờ; dọn tin của thông báo đã hủy; đánh dấu thông báo đã gửi xong (mỗi phút).',
  staleAfterMs: 15 * 60_000,
  run: (_deps, ctx) => sendDueBroadcasts(ctx),
};
