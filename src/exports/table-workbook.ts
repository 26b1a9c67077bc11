import type ExcelJS from 'exceljs';
import { wallClock } from '../lib/local-iso.js';

/** A cell of a plain table: text, a number, an instant (written as the office's wall clock), or empty. */
export type TableCell = string | number | Date | null;

export type TableSheet = {
  name: string;
  columns: { header: string; width: number; format?: 'datetime' | 'date' | 'number' | 'decimal' }[];
  rows: TableCell[][];
};

const NUM_FMT = { datetime: 'dd/mm/yyyy hh:mm', date: 'dd/mm/yyyy', number: '#,##0', decimal: '0.0' } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

/**
 * A workbook of plain tables (the registers and records the dashboard exports): bold frozen
 * header, filters, typed cells. Times are the wall clock of `timeZone` (spreadsheets have no zones).
 */
export async function buildTableWorkbook(sheets: TableSheet[], timeZone: string): Promise<Buffer> {
  // Loaded on first use: exceljs costs ~19 MB of memory that a bot process rarely needs.
  const { default: Excel } = await import('exceljs');
  const local = wallClock(timeZone);
  const book = new Excel.Workbook();
  book.creator = 'Cầu Nối';
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = s.columns.map((c) => ({ header: c.header, width: c.width }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.fill = HEADER_FILL;
    header.alignment = { vertical: 'middle', wrapText: true };
    s.columns.forEach((c, i) => {
      if (c.format) sheet.getColumn(i + 1).numFmt = NUM_FMT[c.format];
    });
    for (const row of s.rows) sheet.addRow(row.map((v) => (v instanceof Date ? local(v) : v)));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + s.rows.length, column: s.columns.length } };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
