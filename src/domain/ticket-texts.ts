import type { TicketKind } from './ticket-deadlines.js';

/** What people read about their ticket, written by the ticket verbs (replies from staff, closing). */
export const TICKET_TEXTS = {
  kind: { question: 'câu hỏi', feedback: 'phản ánh, kiến nghị', complaint: 'khiếu nại', denunciation: 'tố cáo' } as Record<TicketKind, string>,
  status: { new: 'Sở đã nhận, đang chờ cán bộ tiếp nhận', assigned: 'cán bộ đang xử lý', answered: 'Sở đã trả lời', closed: 'đã đóng' } as Record<string, string>,
  staffReply: (code: string, text: string) =>
    `💬 Sở Giáo dục và Đào tạo trả lời (phiếu ${code}):\n\n${text}\n\nAnh/chị có thể nhắn tiếp ở đây, tin nhắn sẽ được chuyển vào phiếu này.`,
  closed: (code: string) =>
    `Phiếu ${code} đã được đóng. Cảm ơn anh/chị đã liên hệ. Khi cần, anh/chị có thể gửi câu hỏi mới bất cứ lúc nào.`,
  continueButton: '✍️ Nhắn tiếp cho phiếu này',
  otherQuestionButton: '❓ Hỏi việc khác',
} as const;
