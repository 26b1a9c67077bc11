import { fileTypeFromBuffer } from 'file-type';
import { RowLimitExceeded, XlsxError, type SheetRow } from './sheet-errors.js';
import { TimeSlicer, yieldToLoop } from './time-slicer.js';

export type { SheetRow } from './sheet-errors.js';
export type Sheet = { format: 'csv' | 'xlsx'; rows: SheetRow[] };

/** The upload is not a table we can read (or is too large to); the message is Vietnamese, for staff. */
export class SpreadsheetError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'limit' = 'invalid',
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

export type ReadOptions = {
  /** Rows with content read at most; one more stops reading with RowLimitExceeded. */
  maxRows: number;
};

export { RowLimitExceeded } from './sheet-errors.js';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // Excel 97-2003 .xls

/**
 * Reads a CSV or XLSX upload, decided by its bytes (not its name: staff rename files), as a
 * stream in slices: the service keeps answering while a large file is read, and reading stops
 * once `maxRows` is passed. CSV may carry a UTF-8 BOM, use `;` (Vietnamese Excel) or tabs, or
 * be UTF-16 ("Unicode text"). XLSX archives are checked before unzipping (XLSX_LIMITS).
 */
export async function readSpreadsheet(bytes: Uint8Array, opts: ReadOptions): Promise<Sheet> {
  if (bytes.length === 0) throw new SpreadsheetError('tệp rỗng');
  const slicer = new TimeSlicer();
  try {
    if (startsWith(bytes, ZIP)) {
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const { readXlsxRows } = await import('./xlsx-reader.js'); // loaded on the first import: most days none comes
      return { format: 'xlsx', rows: await readXlsxRows(buffer, { maxRows: opts.maxRows, slicer }) };
    }
    if (startsWith(bytes, OLE)) {
      throw new SpreadsheetError('tệp Excel 97-2003 (.xls) chưa được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8');
    }
    const text = await decodeText(bytes);
    return { format: 'csv', rows: await readCsv(text, opts.maxRows, slicer) };
  } catch (err) {
    if (err instanceof XlsxError) throw new SpreadsheetError(err.message, err.kind === 'limit' ? 'limit' : 'invalid');
    throw err;
  }
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

/** Text fed to the parser per slice: a few ms of parsing. */
const CSV_SLICE_CHARS = 64 * 1024;

async function readCsv(text: string, maxRows: number, slicer: TimeSlicer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  let withContent = 0;
  let failure: unknown;
  const { parse } = await import('csv-parse');
  const parser = parse({
    delimiter: guessDelimiter(text),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  // A spreadsheet shows one record per row, so the row number is the record's position.
  parser.on('data', (cells: string[]) => {
    rows.push({ number: rows.length + 1, cells });
    if (cells.some((c) => c.trim() !== '') && ++withContent > maxRows) failure ??= new RowLimitExceeded();
  });
  parser.on('error', (err) => (failure ??= err));
  const ended = new Promise<void>((resolve) => parser.on('end', resolve).on('error', () => resolve()));
  for (let at = 0; at < text.length && !failure; at += CSV_SLICE_CHARS) {
    parser.write(text.slice(at, at + CSV_SLICE_CHARS));
    await yieldToLoop(); // let the parser's records arrive and other requests run
    await slicer.maybeYield();
  }
  if (!failure) {
    parser.end();
    await ended;
  } else parser.destroy();
  if (failure instanceof RowLimitExceeded) throw failure;
  if (failure) {
    const line = (failure as { lines?: number }).lines;
    throw new SpreadsheetError(`không đọc được tệp CSV${line ? ` (lỗi gần dòng ${line})` : ''}: dấu ngoặc kép chưa đóng hoặc định dạng hỏng`);
  }
  return rows;
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
