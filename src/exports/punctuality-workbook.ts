import type { PunctualityRecord, PunctualityStatus } from '../domain/punctuality.js';
import { pointsFor } from '../domain/punctuality.js';
import { buildTableWorkbook } from './table-workbook.js';

const STATUS: Record<PunctualityStatus, string> = { on_time: 'Đúng hạn', late: 'Nộp trễ', missing: 'Không nộp', returned: 'Bị trả lại', not_due: 'Chưa đến hạn' };

/** The punctuality record for the emulation review: one row per unit, and the detail per unit and requirement. */
export function buildPunctualityWorkbook(record: PunctualityRecord, timeZone: string): Promise<Buffer> {
  const detail = record.rows.flatMap((r) =>
    r.cells.flatMap((cell, i) => {
      if (!cell) return [];
      const req = record.requirements[i]!;
      return [[r.unit.code, r.unit.name, req.campaignTitle, req.title, new Date(cell.dueAt), cell.extended ? 'Có' : '', cell.submittedAt === null ? null : new Date(cell.submittedAt), STATUS[cell.status], cell.daysLate, pointsFor(cell.status, cell.daysLate)]];
    }),
  );
  return buildTableWorkbook(
    [
      {
        name: 'Chuyên cần',
        columns: [
          { header: 'Thứ tự', width: 8, format: 'number' },
          { header: 'Mã đơn vị', width: 14 },
          { header: 'Đơn vị', width: 40 },
          { header: 'Loại đơn vị', width: 24 },
          { header: 'Cấp trên', width: 30 },
          { header: 'Số yêu cầu', width: 10, format: 'number' },
          { header: 'Đúng hạn', width: 10, format: 'number' },
          { header: 'Nộp trễ', width: 10, format: 'number' },
          { header: 'Số ngày trễ', width: 10, format: 'number' },
          { header: 'Không nộp', width: 10, format: 'number' },
          { header: 'Bị trả lại', width: 10, format: 'number' },
          { header: 'Chưa đến hạn', width: 10, format: 'number' },
          { header: 'Điểm', width: 9, format: 'decimal' },
        ],
        rows: record.rows.map((r, i) => [i + 1, r.unit.code, r.unit.name, r.unit.kindLabel, r.unit.parentName, r.asked, r.onTime, r.late, r.daysLate, r.missing, r.returned, r.notDue, r.score]),
      },
      {
        name: 'Chi tiết',
        columns: [
          { header: 'Mã đơn vị', width: 14 },
          { header: 'Đơn vị', width: 40 },
          { header: 'Kế hoạch', width: 30 },
          { header: 'Yêu cầu', width: 40 },
          { header: 'Hạn của đơn vị', width: 17, format: 'datetime' },
          { header: 'Gia hạn', width: 8 },
          { header: 'Nộp lần đầu lúc', width: 17, format: 'datetime' },
          { header: 'Kết quả', width: 14 },
          { header: 'Số ngày trễ', width: 10, format: 'number' },
          { header: 'Điểm', width: 8, format: 'number' },
        ],
        rows: detail,
      },
    ],
    timeZone,
  );
}
