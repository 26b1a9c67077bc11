import type { TicketKind } from '../domain/ticket-deadlines.js';

/** What the bot writes in the staff group. No name, account or chat of the person, ever. */
export const G = {
  newTicket: (p: { code: string; kindLabel: string; due: string; text: string }) =>
    `🆕 Phiếu ${p.code} — ${p.kindLabel}, hạn ${p.due}\n\n${p.text}\n\n↩️ Trả lời (reply) tin này để gửi câu trả lời của Sở cho người hỏi; /dong (trả lời tin này) để đóng phiếu.`,
  newDenunciation: (p: { code: string; due: string }) =>
    `🆕 Phiếu ${p.code} — tố cáo, hạn ${p.due}. Nội dung và danh tính người tố cáo được giữ bí mật: lãnh đạo được phân quyền xem trên trang quản trị.`,
  followUp: (p: { code: string; text: string }) => `✍️ Phiếu ${p.code} — người hỏi nhắn thêm:\n\n${p.text}\n\n↩️ Trả lời tin này để gửi câu trả lời.`,
  replied: (code: string) => `✅ Đã gửi câu trả lời cho người hỏi (phiếu ${code}).`,
  closed: (code: string) => `✅ Đã đóng phiếu ${code} và báo cho người hỏi.`,
  alreadyClosed: (code: string) => `Phiếu ${code} đã đóng trước đó.`,
  unknownPost: 'Bot không tìm thấy phiếu của tin này. Hãy trả lời (reply) đúng tin “🆕 Phiếu …” của bot, hoặc gõ /dong <mã phiếu>.',
  denunciationHere: (code: string) => `Phiếu ${code} là tố cáo: xử lý trên trang quản trị để giữ bí mật người tố cáo.`,
  cannotReach: (code: string) => `Không gửi được: người gửi phiếu ${code} đã yêu cầu xóa dữ liệu.`,
  emptyReply: 'Câu trả lời trống, chưa gửi gì.',
};

export type StaffGroupKind = TicketKind;
