/** The command menu people see in Telegram, in Vietnamese. */
export const BOT_COMMANDS = [
  { command: 'status', description: 'Xem kế hoạch, báo cáo cần nộp và hạn chót' },
  { command: 'nop', description: 'Nộp tệp hoặc đường link, trả lời câu hỏi báo cáo' },
  { command: 'huy', description: 'Dừng việc đang làm' },
  { command: 'help', description: 'Hướng dẫn sử dụng' },
];
