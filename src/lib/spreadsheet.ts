import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';

/** One row as the spreadsheet shows it: its row number (1-based) and its cells as text. */
export type SheetRow = { number: number; cells: string[] };
export type Sheet = { format: 'csv' | 'xlsx'; rows: SheetRow[] };

/** The upload is not a table we can read; the message is Vietnamese, for staff. */
export class SpreadsheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // Excel 97-2003 .xls

/**
 * Reads a CSV or XLSX upload, decided by its bytes (not its name: staff rename files).
 * CSV may carry a UTF-8 BOM, use `;` (Vietnamese Excel) or tabs, or be UTF-16 ("Unicode text").
 */
export async function readSpreadsheet(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.length === 0) throw new SpreadsheetError('tệp rỗng');
  if (startsWith(bytes, ZIP)) return { format: 'xlsx', rows: await readXlsx(bytes) };
  if (startsWith(bytes, OLE)) {
    throw new SpreadsheetError('tệp Excel 97-2003 (.xls) chưa được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8');
  }
  const text = await decodeText(bytes);
  return { format: 'csv', rows: readCsv(text) };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

async function decodeText(bytes: Uint8Array): Promise<string> {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.subarray(0, 8192).includes(0)) {
    const type = await fileTypeFromBuffer(bytes).catch(() => undefined);
    throw new SpreadsheetError(
      `tệp không phải bảng tính CSV hoặc XLSX${type ? ` (đây là tệp ${type.mime})` : ''}`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new SpreadsheetError(
      'tệp CSV không dùng bảng mã UTF-8; trong Excel hãy chọn "Lưu thành" → "CSV UTF-8 (Comma delimited)"',
    );
  }
}

function readCsv(text: string): SheetRow[] {
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: guessDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new SpreadsheetError(`không đọc được tệp CSV${line ? ` (lỗi gần dòng ${line})` : ''}: dấu ngoặc kép chưa đóng hoặc định dạng hỏng`);
  }
  // A spreadsheet shows one record per row, so the row number is the record's position.
  return records.map((cells, i) => ({ number: i + 1, cells }));
}

/** The delimiter used most often (outside quotes) in the first lines; ',' when unsure. */
export function guessDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 10; i++) {
    const ch = text[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') lines++;
    else if (!inQuotes && ch in counts) counts[ch]!++;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  // Loaded on first use: exceljs costs ~19 MB of memory that a bot process rarely needs.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch {
    throw new SpreadsheetError('không đọc được tệp XLSX (tệp hỏng hoặc không phải bảng tính Excel)');
  }
  // The first visible sheet that has anything in it: staff often keep an empty "Sheet1" around.
  const sheet =
    workbook.worksheets.find((ws) => ws.state === 'visible' && ws.actualRowCount > 0) ??
    workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    rows.push({ number, cells });
  });
  return rows;
}

/** What the cell shows, as text: formulas by their result, rich text joined, numbers without ".0". */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}
