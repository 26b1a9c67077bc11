import type { ContactChannel } from '../../../domain/contacts.js';
import type { Reachability } from '../../../domain/unit-contacts.js';

export { STATUS_LABEL, statusText } from '../../../lib/status-words.js';

export const REACHABILITY_LABEL: Record<Reachability, string> = {
  reachable: 'Bot nhắc được',
  blocked: 'Đầu mối đã chặn bot',
  none: 'Chưa có đầu mối',
};

export const CHANNEL_LABEL: Record<ContactChannel, string> = { telegram: 'Telegram', zalo: 'Zalo', zalo_oa: 'Zalo OA', web: 'Trang thử' };

export const REVIEW_LABEL = { received: 'Chờ duyệt', accepted: 'Đã tiếp nhận', returned: 'Đã trả lại' } as const;

export const KIND_LABEL = { plan: 'Kế hoạch', report: 'Báo cáo' } as const;

export const TICKET_KIND_LABEL = { question: 'Câu hỏi', feedback: 'Phản ánh, kiến nghị', complaint: 'Khiếu nại', denunciation: 'Tố cáo' } as const;

export const TICKET_STATUS_LABEL = { new: 'Mới, chưa ai nhận', assigned: 'Đang xử lý', answered: 'Đã trả lời', closed: 'Đã đóng' } as const;

export const BROADCAST_STATUS_LABEL = { scheduled: 'Hẹn giờ gửi', sending: 'Đang gửi', sent: 'Đã gửi xong', cancelled: 'Đã hủy' } as const;

export const FAILURE_LABEL = {
  blocked: 'người nhận đã chặn bot',
  not_found: 'không còn cuộc trò chuyện',
  too_old: 'quá lâu chưa gửi được',
  retry_limit: 'thử lại nhiều lần không được',
  quota: 'hết hạn mức gửi của nền tảng',
  window_closed: 'người nhận quá 7 ngày chưa nhắn cho OA',
  invalid: 'nội dung bị nền tảng từ chối',
} as const;
