/** Everything the bot says, in plain Vietnamese. One place, so wording stays consistent. */
export const T = {
  menuStatus: '📋 Việc cần nộp',
  menuSubmit: '📤 Nộp bài',
  menuHelp: '❓ Hướng dẫn',
  cancelButton: 'Hủy',
  skipButton: 'Bỏ qua',
  doneButton: 'Xong, trả lời câu hỏi',
  doneNoFormButton: 'Xong, xem lại và gửi',
  uploadButton: 'Tải tệp lên qua trang web',
  confirmButton: '✅ Xác nhận gửi',
  restartButton: '✏️ Trả lời lại',
  yesButton: 'Có',
  noButton: 'Không',

  linked: (unit: string, name: string) =>
    `Xin chào ${name}! Tài khoản của anh/chị đã được liên kết với đơn vị: ${unit}.\n` +
    'Từ nay, bot sẽ nhắc hạn nộp kế hoạch, báo cáo và nhận bài nộp của đơn vị qua đây.',
  linkedStaff: (name: string) =>
    `Xin chào ${name}! Tài khoản đã được liên kết với tư cách cán bộ của Sở. Bot sẽ gửi bản tổng hợp hằng ngày qua đây.`,
  linkRefused: {
    unknown: 'Mã liên kết không đúng. Anh/chị kiểm tra lại mã trong tin nhắn của Sở (8 ký tự, không có chữ O và số 0) hoặc liên hệ Phòng Chính trị, tư tưởng để được cấp mã mới.',
    used: 'Mã liên kết này đã được sử dụng. Mỗi mã chỉ dùng một lần; vui lòng đề nghị Sở cấp mã mới.',
    expired: 'Mã liên kết đã hết hạn. Vui lòng đề nghị Sở cấp mã mới.',
    revoked: 'Mã liên kết này đã bị thu hồi. Vui lòng liên hệ Sở để được cấp mã mới.',
    unit_inactive: 'Đơn vị của mã này hiện không còn hoạt động trên hệ thống. Vui lòng liên hệ Sở.',
  } as Record<string, string>,
  alreadyLinked: (unit: string) => `Tài khoản này đang là đầu mối của đơn vị ${unit}.`,

  welcomeStranger:
    'Xin chào! Đây là kênh trao đổi của Sở Giáo dục và Đào tạo.\n' +
    '• Nếu anh/chị là đầu mối của đơn vị, hãy mở liên kết hoặc gửi mã liên kết mà Sở đã cấp.\n' +
    '• Phụ huynh, người dân có thể gửi câu hỏi; cán bộ của Sở sẽ xem và trả lời.',
  helpUnit: (unit: string) =>
    `Anh/chị là đầu mối của ${unit}. Anh/chị có thể:\n` +
    '• “Việc cần nộp” — xem các kế hoạch, báo cáo cần nộp và hạn chót\n' +
    '• “Nộp bài” — nộp tệp (PDF, Word, Excel, ảnh chụp) hoặc đường link, rồi trả lời vài câu hỏi ngắn\n' +
    '• “Hủy” — dừng việc đang làm\n' +
    'Bot sẽ tự nhắc trước hạn nộp. Có thể gửi tệp bất cứ lúc nào, bot sẽ hỏi tệp đó dành cho yêu cầu nào.',
  helpStaff: 'Anh/chị là cán bộ của Sở. Bot gửi bản tổng hợp tình hình nộp bài hằng ngày; xem chi tiết trên trang quản trị.',
  helpCitizen:
    'Anh/chị có thể gửi câu hỏi về thủ tục (chuyển trường, văn bằng, miễn giảm học phí, dạy thêm học thêm…) hoặc phản ánh, góp ý. ' +
    'Cán bộ của Sở sẽ xem và trả lời qua đây.\nGõ “hủy” để dừng việc đang làm.',
  citizenReceived:
    'Sở đã nhận tin nhắn của anh/chị. Cán bộ phụ trách sẽ xem và phản hồi qua kênh này trong giờ làm việc.',
  unknownUnit: 'Bot chưa hiểu yêu cầu. Anh/chị chọn một việc bên dưới, hoặc gõ “hướng dẫn”.',
  cancelled: 'Đã dừng. Bài nộp dở dang không được lưu. Anh/chị có thể bắt đầu lại bất cứ lúc nào.',
  nothingToCancel: 'Hiện không có việc nào đang làm dở.',
  sticker: 'Cảm ơn anh/chị! Bot chỉ đọc được chữ, tệp và đường link.',
  unsupported: 'Bot chưa đọc được loại tin nhắn này. Anh/chị vui lòng gửi chữ, tệp tài liệu hoặc đường link.',
  tooLong: (max: number) => `Tin nhắn dài quá (tối đa ${max} ký tự). Anh/chị vui lòng rút gọn.`,
  systemError: 'Xin lỗi, hệ thống đang gặp sự cố nên chưa xử lý được tin nhắn vừa rồi. Anh/chị vui lòng gửi lại sau ít phút.',

  noOpenRequirements: (unit: string) => `Hiện ${unit} không có kế hoạch hay báo cáo nào cần nộp.`,
  statusHeader: (unit: string) => `📋 Việc cần nộp của ${unit}:`,
  chooseRequirement: 'Anh/chị nộp cho yêu cầu nào? Chọn bên dưới (hoặc gõ số thứ tự):',
  chosenRequirement: (title: string, due: string) => `Nộp cho: ${title} (${due}).`,
  askFile:
    'Anh/chị gửi tệp (PDF, Word, Excel, ODT hoặc ảnh chụp văn bản, tối đa 20 MB) hoặc dán đường link tới tệp (Google Drive, OneDrive…).',
  askFileOrSkip: 'Anh/chị gửi tệp báo cáo hoặc đường link; nếu không có tệp, chọn “Bỏ qua” để trả lời các câu hỏi.',
  gotFile: (name: string) => `Đã nhận tệp “${name}”. Gửi thêm tệp/đường link, hoặc chọn “Xong” để trả lời các câu hỏi.`,
  gotLink: (url: string) => `Đã nhận đường link: ${url}\nGửi thêm tệp/đường link, hoặc chọn “Xong” để trả lời các câu hỏi.`,
  needFileFirst: 'Anh/chị cần gửi ít nhất một tệp hoặc đường link trước.',
  fileTooBig: (mb: number) =>
    `Tệp này ${mb} MB, lớn hơn mức 20 MB mà bot nhận được. Anh/chị tải tệp lên qua trang web theo liên kết dưới đây (liên kết dùng riêng cho đơn vị, có hạn 24 giờ).`,
  askLinkOrUpload:
    'Anh/chị dán đường link tới tệp (Google Drive, OneDrive…), hoặc tải tệp (PDF, Word, Excel, ODT, ảnh chụp, tối đa 20 MB) lên qua trang web theo liên kết dưới đây (dùng riêng cho đơn vị, hết hạn sau 24 giờ).',
  askLinkOrUploadOrSkip:
    'Anh/chị dán đường link tới tệp báo cáo, hoặc tải tệp lên qua trang web theo liên kết dưới đây (dùng riêng cho đơn vị, hết hạn sau 24 giờ); nếu không có tệp, chọn “Bỏ qua” để trả lời các câu hỏi.',
  documentsNotHere:
    'Tệp tài liệu gửi trong Zalo chưa đến được bot. Anh/chị dán đường link tới tệp, hoặc tải tệp lên qua trang web theo liên kết dưới đây.',
  unsupportedNoDocuments:
    'Bot chưa đọc được loại tin nhắn này (tệp tài liệu gửi trong Zalo chưa đến được bot). Anh/chị gửi chữ, ảnh chụp hoặc đường link; để nộp tệp, gõ “nộp bài” rồi tải tệp lên qua trang web.',
  uploadLink: 'Liên kết tải tệp lên dành riêng cho đơn vị (hết hạn sau 24 giờ). Sau khi tải xong, bot sẽ tiếp tục ở đây.',
  uploadUnavailable: 'Chưa cấu hình địa chỉ trang tải tệp (PUBLIC_BASE_URL). Anh/chị vui lòng gửi đường link tới tệp.',
  fileRefused: (reason: string) => `Không nhận được tệp: ${reason}`,
  noFileDownload: 'kênh này chưa nhận được tệp; anh/chị vui lòng gửi đường link tới tệp.',
  notAFileOrLink: 'Bot đang chờ tệp hoặc đường link (bắt đầu bằng http:// hoặc https://). Gõ “hủy” để dừng.',
  reviewHeader: 'Anh/chị kiểm tra lại trước khi gửi:',
  alsoSent: 'Gửi kèm:',
  alreadySubmitted: (p: { at: string; code: string; version: number; next: number }) =>
    `Đơn vị đã nộp yêu cầu này lúc ${p.at} (mã ${p.code}${p.version > 1 ? `, lần ${p.version}` : ''}). ` +
    `Nếu gửi tiếp, đây sẽ là lần nộp thứ ${p.next}: Sở xem lần nộp mới nhất, các lần trước vẫn được lưu. Gõ “hủy” nếu không cần nộp lại.`,
  resubmitAfterReturn: (p: { version: number; reason: string | null }) =>
    `Sở đã đề nghị đơn vị nộp lại${p.reason ? ` (lý do: ${p.reason})` : ''}. Lần này sẽ là lần nộp thứ ${p.version}; các lần trước vẫn được lưu.`,
  receipt: (p: { unit: string; requirement: string; code: string; at: string; onTime: boolean; version: number }) =>
    `✅ Sở đã nhận bài nộp của ${p.unit}.\n` +
    `• Yêu cầu: ${p.requirement}\n` +
    `• Mã biên nhận: ${p.code}\n` +
    `• Thời gian: ${p.at} — ${p.onTime ? 'đúng hạn' : 'trễ hạn'}` +
    (p.version > 1 ? `\n• Đây là lần nộp thứ ${p.version}; các lần nộp trước vẫn được lưu.` : ''),
  requirementClosed: 'Yêu cầu này đã đóng, không nhận bài nộp nữa. Anh/chị liên hệ Phòng Chính trị, tư tưởng nếu cần.',
  notSaved:
    'Chưa gửi được bài nộp này: bài nộp cần có tệp, đường link hoặc câu trả lời, và đơn vị phải thuộc đối tượng của yêu cầu. ' +
    'Anh/chị gõ “nộp bài” để làm lại, hoặc liên hệ Phòng Chính trị, tư tưởng nếu cần.',
  pressConfirm: 'Anh/chị chọn “Xác nhận gửi” để gửi, “Trả lời lại” để sửa, hoặc gõ “hủy” để dừng.',
} as const;
