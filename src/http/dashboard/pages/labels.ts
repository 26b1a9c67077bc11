import type { ContactChannel } from '../../../domain/contacts.js';
import type { Reachability } from '../../../domain/unit-contacts.js';

export { STATUS_LABEL, statusText } from '../../../lib/status-words.js';

export const REACHABILITY_LABEL: Record<Reachability, string> = {
  reachable: 'Bot nhắc được',
  blocked: 'Đầu mối đã chặn bot',
  none: 'Chưa có đầu mối',
};

export const CHANNEL_LABEL: Record<ContactChannel, string> = { telegram: 'Telegram', zalo: 'Zalo', web: 'Trang thử' };

export const REVIEW_LABEL = { received: 'Chờ duyệt', accepted: 'Đã tiếp nhận', returned: 'Đã trả lại' } as const;

export const KIND_LABEL = { plan: 'Kế hoạch', report: 'Báo cáo' } as const;
