import type ExcelJS from 'exceljs';
import type { Compilation, CompiledRequirement, GroupTotals } from '../domain/compilation.js';
import { columnsFor, type Cell, type ExportLinks } from './columns.js';

const NUM_FMT = { datetime: 'dd/mm/yyyy hh:mm', date: 'dd/mm/yyyy', number: '#,##0' } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

function cellValue(cell: Cell): ExcelJS.CellValue {
  switch (cell.t) {
    case 'empty':
      return null;
    case 'link':
      return { text: cell.v, hyperlink: cell.url };
    default:
      return cell.v;
  }
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the book. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 28) || 'Tổng hợp';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 26)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function dataSheet(book: ExcelJS.Workbook, req: CompiledRequirement, name: string, links: ExportLinks): void {
  const columns = columnsFor(req, links);
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
  header.alignment = { vertical: 'middle', wrapText: true };
  columns.forEach((col, i) => {
    if (col.format) sheet.getColumn(i + 1).numFmt = NUM_FMT[col.format];
  });
  for (const row of req.rows) sheet.addRow(columns.map((col) => cellValue(col.cell(row))));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + req.rows.length, column: columns.length } };
}

const TOTAL_HEADERS = ['Số đơn vị', 'Đúng hạn', 'Nộp trễ', 'Bị trả lại', 'Chưa nộp', 'Trong đó quá hạn'];
const totalsRow = (name: string, g: Omit<GroupTotals, 'name'>) => [name, g.total, g.onTime, g.lateSent, g.returned, g.missing, g.overdue];

function summarySheet(book: ExcelJS.Workbook, compilation: Compilation): void {
  const sheet = book.addWorksheet('Thống kê', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [{ width: 48 }, ...TOTAL_HEADERS.map(() => ({ width: 14 }))];
  const title = sheet.addRow([`${compilation.campaign.title}${compilation.campaign.referenceNumber ? ` (${compilation.campaign.referenceNumber})` : ''}`]);
  title.font = { bold: true, size: 13 };
  for (const req of compilation.requirements) {
    sheet.addRow([]);
    sheet.addRow([req.requirement.title]).font = { bold: true };
    for (const [label, groups] of [
      ['Theo loại đơn vị', req.byKind],
      ['Theo đơn vị cấp trên', req.byParent],
    ] as const) {
      const head = sheet.addRow([label, ...TOTAL_HEADERS]);
      head.font = { bold: true };
      head.fill = HEADER_FILL;
      for (const g of groups) sheet.addRow(totalsRow(g.name, g));
      sheet.addRow(totalsRow('Tổng cộng', req.progress)).font = { bold: true };
    }
    if (req.sums.length) {
      const head = sheet.addRow(['Số liệu đơn vị báo cáo', 'Tổng', 'Số đơn vị trả lời']);
      head.font = { bold: true };
      head.fill = HEADER_FILL;
      for (const s of req.sums) sheet.addRow([s.label, s.total, s.answered]);
    }
  }
}

/** The "tổng hợp" workbook: one sheet per requirement (one row per unit), then the summary sheet. */
export async function buildWorkbook(compilation: Compilation, links: ExportLinks): Promise<Buffer> {
  // Loaded on first use: exceljs costs ~19 MB of memory that a bot process rarely needs.
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  book.creator = 'Cầu Nối';
  book.created = new Date();
  const taken = new Set<string>(['thống kê']);
  for (const req of compilation.requirements) dataSheet(book, req, sheetName(req.requirement.title, taken), links);
  summarySheet(book, compilation);
  return Buffer.from(await book.xlsx.writeBuffer());
}
