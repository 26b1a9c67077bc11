import type { SmalltalkKind } from '../domain/faq-language.js';
import type { TicketKind } from '../domain/ticket-deadlines.js';

/** Everything the bot says to parents and citizens. Plain text first: Zalo shows choices as numbered lines. */
export const C = {
  menuAsk: '❓ Hỏi về thủ tục',
  menuTopics: '📚 Thủ tục theo chủ đề',
  menuTicket: '✉️ Gửi phản ánh, khiếu nại',
  menuLookup: '🔎 Tra cứu phiếu',
  menuFollow: '🔔 Theo dõi thông báo',
  helpfulYes: '👍 Có',
  helpfulNo: '👎 Không',
  forwardButton: '✉️ Chuyển câu hỏi cho cán bộ',
  otherQuestion: '❓ Hỏi câu khác',
  eraseYes: '🗑 Xóa dữ liệu của tôi',
  eraseNo: 'Không xóa',
  kindButton: { feedback: '📝 Phản ánh, kiến nghị', complaint: '⚖️ Khiếu nại', denunciation: '🚨 Tố cáo' } as Record<Exclude<TicketKind, 'question'>, string>,

  welcome:
    'Xin chào! Đây là trợ lý tự động của Sở Giáo dục và Đào tạo trên Telegram/Zalo.\n' +
    'Anh/chị có thể hỏi về thủ tục (chuyển trường, văn bằng, học phí, dạy thêm, tuyển sinh…), gửi phản ánh, khiếu nại, tra cứu phiếu đã gửi, hoặc theo dõi thông báo của Sở. ' +
    'Cứ gõ câu hỏi như khi nhắn tin, có dấu hay không dấu đều được.\n' +
    'Đầu mối của đơn vị: mở liên kết hoặc gửi mã liên kết Sở đã cấp.',
  privacyNotice:
    '🔒 Về dữ liệu cá nhân: Sở lưu tên hiển thị, mã tài khoản và tin nhắn của anh/chị để trả lời và theo dõi phiếu, theo Luật Bảo vệ dữ liệu cá nhân và Nghị định 13/2023/NĐ-CP. ' +
    'Anh/chị có thể yêu cầu xóa bất cứ lúc nào bằng cách gửi “xóa dữ liệu”.',
  menuPrompt: 'Anh/chị cần gì? Chọn bên dưới hoặc gõ câu hỏi.',
  askPrompt: 'Anh/chị gõ câu hỏi về thủ tục, ví dụ: “chuyển trường cấp 3 cần giấy tờ gì”, “học phí năm nay có miễn không”.',

  answer: (p: { title: string; answer: string; legalBasis: string | null; sourceUrl: string | null; reviewed: string | null }) =>
    `📘 ${p.title}\n\n${p.answer.trim()}` +
    (p.legalBasis ? `\n\nCăn cứ: ${p.legalBasis}` : '') +
    (p.sourceUrl ? `\nNguồn: ${p.sourceUrl}` : '') +
    (p.reviewed ? `\nThông tin được kiểm tra ngày ${p.reviewed}.` : '') +
    '\n\nCó giúp ích không?',
  related: 'Có thể anh/chị cũng cần:',
  unsure: 'Bot chưa chắc đã hiểu đúng câu hỏi. Có phải anh/chị hỏi về một trong các mục sau? Nếu không, bot chuyển câu hỏi cho cán bộ của Sở.',
  noAnswer:
    'Xin lỗi, bot chưa có câu trả lời chắc chắn cho câu hỏi này và không muốn đoán sai. Anh/chị có muốn chuyển câu hỏi cho cán bộ của Sở không? Cán bộ sẽ trả lời qua đây.',
  thanksHelpful: 'Cảm ơn anh/chị! Cần hỏi thêm, anh/chị cứ gõ câu hỏi.',
  sorryNotHelpful: 'Cảm ơn anh/chị đã cho biết, Sở sẽ bổ sung câu trả lời. Anh/chị có muốn chuyển câu hỏi cho cán bộ không?',
  nothingToForward: 'Anh/chị gõ câu hỏi trước, rồi bot sẽ chuyển cho cán bộ.',
  entryGone: 'Mục này không còn trong danh sách. Anh/chị gõ lại câu hỏi giúp bot.',

  topicsHeader: 'Chọn chủ đề:',
  topicEntries: (label: string) => `Các thủ tục về ${label}:`,
  noTopics: 'Hiện chưa có thủ tục nào. Anh/chị gõ câu hỏi để bot chuyển cho cán bộ.',
  category: {
    'chuyen-truong': 'Chuyển trường, học lại',
    'van-bang': 'Văn bằng, chứng chỉ',
    'hoc-phi': 'Học phí, hỗ trợ học tập',
    'day-them': 'Dạy thêm, học thêm',
    'co-so-giao-duc': 'Mở trường, trung tâm',
    'tuyen-sinh': 'Tuyển sinh',
    'thi-cu': 'Thi cử, phúc khảo',
    'khieu-nai': 'Khiếu nại, tố cáo, phản ánh',
    'hoc-duong': 'Đời sống học đường',
    'dich-vu-cong': 'Nộp hồ sơ, cơ quan giải quyết',
  } as Record<string, string>,

  chooseKind:
    'Anh/chị muốn gửi loại nào?\n' +
    '• Phản ánh, kiến nghị: góp ý về quy định, thủ tục, cách giải quyết công việc.\n' +
    '• Khiếu nại: đề nghị xem lại một quyết định, việc làm ảnh hưởng đến quyền lợi của mình.\n' +
    '• Tố cáo: báo hành vi vi phạm pháp luật; danh tính người tố cáo được giữ bí mật.',
  askTicketText: {
    feedback: 'Anh/chị viết nội dung phản ánh, kiến nghị trong một tin nhắn (nơi xảy ra, sự việc, đề nghị).',
    complaint:
      'Anh/chị viết nội dung khiếu nại trong một tin nhắn: quyết định hoặc việc làm nào, của ai, ngày nào, ảnh hưởng thế nào, và đề nghị của anh/chị. Thời hiệu khiếu nại là 90 ngày kể từ khi biết quyết định.',
    denunciation:
      'Anh/chị viết nội dung tố cáo trong một tin nhắn: ai, làm gì, ở đâu, khi nào. Theo Luật Tố cáo, cần ghi họ tên và địa chỉ của người tố cáo (tin nặc danh không được giải quyết như tố cáo). ' +
      'Danh tính của anh/chị được giữ bí mật: chỉ lãnh đạo được phân quyền của Sở thấy.',
  } as Record<Exclude<TicketKind, 'question'>, string>,
  ticketOpened: (p: { code: string; kindLabel: string; due: string; ack: string | null }) =>
    `✅ Sở đã nhận ${p.kindLabel} của anh/chị.\n• Mã phiếu: ${p.code}\n` +
    (p.ack ? `• Sở thông báo thụ lý chậm nhất ngày ${p.ack}\n` : '') +
    `• Hạn giải quyết: ${p.due}\n` +
    `Cán bộ sẽ trả lời qua đây. Anh/chị nhắn thêm thông tin thì tin nhắn được chuyển vào phiếu này. Tra cứu bất cứ lúc nào: gửi mã phiếu ${p.code}`,
  confidentialOnTimeline: (code: string) => `[nội dung tố cáo, chỉ lưu trong phiếu ${code}]`,
  addedToTicket: (code: string) => `Đã chuyển tin nhắn vào phiếu ${code}. Cán bộ sẽ trả lời qua đây.`,
  ticketClosedNow: (code: string) => `Phiếu ${code} đã đóng. Tin nhắn này được xử lý như một câu hỏi mới.`,

  lookupPrompt: 'Anh/chị gửi mã phiếu, ví dụ: HD-2026-000123.',
  lookupNotFound: (code: string) => `Không tìm thấy phiếu ${code} trong các phiếu anh/chị đã gửi. Anh/chị kiểm tra lại mã (dạng HD-2026-000123).`,
  lookupResult: (p: { code: string; kindLabel: string; status: string; sentOn: string; due: string; messages: number }) =>
    `🔎 Phiếu ${p.code} (${p.kindLabel})\n• Gửi ngày: ${p.sentOn}\n• Tình trạng: ${p.status}\n• Hạn giải quyết: ${p.due}\n• Số tin nhắn trong phiếu: ${p.messages}`,

  followHeader: (followed: number) =>
    followed > 0
      ? `Anh/chị đang theo dõi ${followed} chủ đề (có dấu ✅). Chọn một chủ đề để bật hoặc tắt. Bỏ theo dõi tất cả: gửi “hủy theo dõi”`
      : 'Chọn chủ đề anh/chị muốn nhận thông báo của Sở. Bỏ theo dõi tất cả bất cứ lúc nào: gửi “hủy theo dõi”',
  followed: (label: string) => `✅ Đã theo dõi: ${label}. Sở sẽ gửi thông báo về chủ đề này qua đây.`,
  unfollowed: (label: string) => `Đã bỏ theo dõi: ${label}.`,
  unfollowedAll: (n: number) => (n > 0 ? `Đã bỏ theo dõi tất cả (${n} chủ đề). Anh/chị sẽ không nhận thông báo nữa.` : 'Anh/chị chưa theo dõi chủ đề nào.'),

  eraseAsk:
    'Anh/chị muốn xóa dữ liệu cá nhân đã lưu (tên hiển thị, mã tài khoản, tin nhắn, chủ đề theo dõi, câu hỏi đã gửi)? ' +
    'Khiếu nại và tố cáo chưa giải quyết xong được giữ lại theo quy định của pháp luật cho đến khi đóng phiếu.',
  erased: 'Đã xóa dữ liệu cá nhân của anh/chị. Nếu nhắn tiếp, bot sẽ coi anh/chị là người mới.',
  erasedExceptOpen: (codes: string[]) =>
    `Đã xóa dữ liệu của anh/chị, trừ những gì pháp luật yêu cầu giữ cho phiếu đang giải quyết: ${codes.join(', ')}. ` +
    'Sau khi các phiếu này đóng, anh/chị gửi lại “xóa dữ liệu” để xóa nốt.',
  eraseKept: 'Đã giữ nguyên, không xóa gì.',

  smalltalk: {
    greeting: 'Chào anh/chị! Anh/chị cần hỏi thủ tục gì, cứ gõ câu hỏi, hoặc chọn bên dưới.',
    thanks: 'Dạ, không có gì ạ. Cần gì thêm, anh/chị cứ nhắn.',
    bye: 'Chào anh/chị, chúc anh/chị một ngày tốt lành!',
    ok: 'Dạ. Anh/chị cần hỏi thêm gì cứ nhắn nhé.',
    who: 'Đây là trợ lý tự động của Sở Giáo dục và Đào tạo. Bot trả lời các câu hỏi thường gặp về thủ tục; câu nào bot chưa chắc, cán bộ của Sở sẽ trả lời.',
    test: 'Bot đang hoạt động. Anh/chị cứ gõ câu hỏi.',
  } as Record<SmalltalkKind, string>,
  flood: 'Anh/chị gửi nhiều tin nhắn quá nhanh. Xin chờ một chút, bot sẽ đọc tiếp sau ít phút; các tin nhắn vẫn được lưu.',
  notText: 'Bot chỉ đọc được chữ. Anh/chị gõ câu hỏi giúp bot nhé.',
} as const;
