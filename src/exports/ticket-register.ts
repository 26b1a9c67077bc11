import type { RegisterRow, RegisterTimeliness } from '../domain/ticket-register.js';
import { TICKET_TEXTS } from '../domain/ticket-texts.js';
import { buildTableWorkbook, type TableSheet } from './table-workbook.js';

const TIMELINESS: Record<RegisterTimeliness, string> = { on_time: 'Đúng hạn', late: 'Trễ hạn', pending: 'Chưa đến hạn' };
const STATUS = { new: 'Mới', assigned: 'Đang xử lý', answered: 'Đã trả lời', closed: 'Đã đóng' } as const;

/** The ticket register (sổ theo dõi) as a workbook; a "Người gửi" column only when the rows carry the people. */
export function buildTicketRegister(rows: RegisterRow[], timeZone: string): Promise<Buffer> {
  const withPeople = rows.some((r) => r.requester !== undefined);
  const sheet: TableSheet = {
    name: 'Sổ theo dõi',
    columns: [
      { header: 'Mã phiếu', width: 18 },
      { header: 'Loại', width: 18 },
      { header: 'Tóm tắt', width: 48 },
      { header: 'Trạng thái', width: 14 },
      { header: 'Nhận lúc', width: 17, format: 'datetime' },
      { header: 'Hạn thụ lý', width: 17, format: 'datetime' },
      { header: 'Hạn giải quyết', width: 17, format: 'datetime' },
      { header: 'Trả lời lúc', width: 17, format: 'datetime' },
      { header: 'Đóng lúc', width: 17, format: 'datetime' },
      { header: 'Đúng hạn', width: 14 },
      ...(withPeople ? [{ header: 'Người gửi', width: 28 }] : []),
    ],
    rows: rows.map((r) => [
      r.code,
      TICKET_TEXTS.kind[r.kind],
      r.subject,
      STATUS[r.status],
      r.receivedAt,
      r.ackDueAt,
      r.dueAt,
      r.answeredAt,
      r.closedAt,
      TIMELINESS[r.timeliness],
      ...(withPeople ? [r.requester ? `${r.requester.name || 'Chưa có tên'} (${r.requester.channel})` : 'Đã xóa theo yêu cầu'] : []),
    ]),
  };
  return buildTableWorkbook([sheet], timeZone);
}
