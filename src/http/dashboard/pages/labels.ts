import type { ContactChannel } from '../../../domain/contacts.js';
import type { UnitStatus } from '../../../domain/requirement-status.js';
import type { Reachability } from '../../../domain/unit-contacts.js';

/** The words staff read for each state, in one place. */
export const STATUS_LABEL: Record<UnitStatus, string> = {
  submitted: 'Đã nộp đúng hạn',
  late: 'Trễ hạn',
  missing: 'Chưa nộp',
  returned: 'Bị trả lại',
};

/** 'late' covers two cases a person tells apart: sent after the deadline, or nothing yet. */
export function statusText(status: UnitStatus, received: boolean): string {
  if (status === 'late') return received ? 'Nộp trễ' : 'Quá hạn, chưa nộp';
  return STATUS_LABEL[status];
}

export const REACHABILITY_LABEL: Record<Reachability, string> = {
  reachable: 'Bot nhắc được',
  blocked: 'Đầu mối đã chặn bot',
  none: 'Chưa có đầu mối',
};

export const CHANNEL_LABEL: Record<ContactChannel, string> = { telegram: 'Telegram', zalo: 'Zalo', web: 'Trang thử' };

export const REVIEW_LABEL = { received: 'Chờ duyệt', accepted: 'Đã tiếp nhận', returned: 'Đã trả lại' } as const;

export const KIND_LABEL = { plan: 'Kế hoạch', report: 'Báo cáo' } as const;
