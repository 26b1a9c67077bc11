import type { ReportedModel } from '../domain/models.js';
import { buildTableWorkbook } from './table-workbook.js';

/** The reported models, one row each, with the unit, what it wrote and whether staff chose to spread it. */
export function buildModelsWorkbook(models: ReportedModel[], timeZone: string): Promise<Buffer> {
  return buildTableWorkbook(
    [
      {
        name: 'Mô hình Dân vận khéo',
        columns: [
          { header: 'Mã đơn vị', width: 14 },
          { header: 'Đơn vị', width: 36 },
          { header: 'Loại đơn vị', width: 22 },
          { header: 'Địa bàn', width: 16 },
          { header: 'Kế hoạch', width: 30 },
          { header: 'Số mô hình được công nhận', width: 14, format: 'number' },
          { header: 'Mô hình tiêu biểu', width: 70 },
          { header: 'Nộp lúc', width: 17, format: 'datetime' },
          { header: 'Nhân rộng', width: 10 },
          { header: 'Ghi chú nhân rộng', width: 40 },
          { header: 'Người đánh dấu', width: 20 },
        ],
        rows: models.map((m) => [
          m.unit.code,
          m.unit.name,
          m.unit.kindLabel,
          m.unit.area,
          m.campaign.title,
          m.count,
          m.text,
          m.submittedAt,
          m.replication ? 'Có' : '',
          m.replication?.note ?? null,
          m.replication?.markedBy ?? null,
        ]),
      },
    ],
    timeZone,
  );
}
