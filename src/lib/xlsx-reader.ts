import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { RowLimitExceeded, XlsxError, type SheetRow } from './sheet-errors.js';
import type { TimeSlicer } from './time-slicer.js';

/** Limits checked on the archive before anything is unzipped (a 1.6 MB file can hold 400 MB of XML). */
export const XLSX_LIMITS = {
  entries: 500,
  /** All entries together, as declared by the archive; yauzl refuses an entry that inflates past its declaration. */
  unzippedBytes: 60 * 1024 * 1024,
  sharedStringsBytes: 20 * 1024 * 1024,
};

const broken = () => new XlsxError('không đọc được tệp XLSX (tệp hỏng hoặc không phải bảng tính Excel)', 'broken');

type Entries = Map<string, yauzl.Entry>;

/**
 * Reads the rows of the first visible, non-empty sheet, streaming: the archive's entries are
 * checked first, each XML part is inflated and parsed chunk by chunk (giving the event loop a
 * turn between slices), and reading stops as soon as `maxRows` rows with content are exceeded.
 */
export async function readXlsxRows(bytes: Buffer, opts: { maxRows: number; slicer: TimeSlicer }): Promise<SheetRow[]> {
  const zip = await openZip(bytes);
  try {
    const entries = await listEntries(zip);
    const workbook = await readSmallXml(zip, entries, 'xl/workbook.xml');
    const rels = await readSmallXml(zip, entries, 'xl/_rels/workbook.xml.rels');
    if (!workbook || !rels) throw broken();
    const shared = entries.has('xl/sharedStrings.xml') ? await readSharedStrings(zip, entries.get('xl/sharedStrings.xml')!, opts.slicer) : [];
    for (const path of sheetPaths(workbook, rels)) {
      const entry = entries.get(path);
      if (!entry) continue;
      const rows = await readSheet(zip, entry, shared, opts);
      if (rows.length > 0) return rows;
    }
    return [];
  } finally {
    zip.close();
  }
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(broken()) : resolve(zip),
    );
  });
}

/** The central directory only; refuses an archive that declares too many or too large entries. */
function listEntries(zip: yauzl.ZipFile): Promise<Entries> {
  if (zip.entryCount > XLSX_LIMITS.entries) {
    return Promise.reject(new XlsxError(`tệp XLSX có quá nhiều phần (${zip.entryCount}, tối đa ${XLSX_LIMITS.entries})`, 'limit'));
  }
  return new Promise((resolve, reject) => {
    const entries: Entries = new Map();
    let total = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (total > XLSX_LIMITS.unzippedBytes) {
        reject(new XlsxError(`tệp XLSX giải nén ra hơn ${XLSX_LIMITS.unzippedBytes / 1024 / 1024} MB; hãy chia nhỏ tệp`, 'limit'));
        return;
      }
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', () => reject(broken()));
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(broken()) : resolve(stream))));
}

/** Feeds an entry's XML to a SAX parser, slice by slice; a size lie or bad XML is a broken file. */
async function parseEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, parser: SaxesParser, slicer?: TimeSlicer): Promise<void> {
  const stream = await openEntry(zip, entry);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      await slicer?.maybeYield();
    }
    parser.close();
  } catch (err) {
    stream.destroy();
    if (err instanceof XlsxError || err instanceof RowLimitExceeded) throw err;
    throw broken();
  }
}

type Tag = { name: string; attributes: Record<string, string> };

/** workbook.xml and its relationships are small: kept as their elements' names and attributes. */
async function readSmallXml(zip: yauzl.ZipFile, entries: Entries, path: string): Promise<Tag[] | undefined> {
  const entry = entries.get(path);
  if (!entry) return undefined;
  const tags: Tag[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (t: SaxesTagPlain) => tags.push({ name: t.name, attributes: t.attributes as Record<string, string> }));
  await parseEntry(zip, entry, parser);
  return tags;
}

/** Sheet parts in workbook order, visible sheets first (staff often hide a sheet of lookups). */
function sheetPaths(workbook: Tag[], rels: Tag[]): string[] {
  const targets = new Map(rels.filter((t) => t.name === 'Relationship').map((t) => [t.attributes.Id, t.attributes.Target ?? '']));
  const sheets = workbook.filter((t) => t.name === 'sheet');
  const ordered = [...sheets.filter((s) => !s.attributes.state || s.attributes.state === 'visible'), ...sheets.filter((s) => s.attributes.state && s.attributes.state !== 'visible')];
  return ordered.map((s) => {
    const target = targets.get(s.attributes['r:id']) ?? '';
    return target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
  });
}

async function readSharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry, slicer: TimeSlicer): Promise<string[]> {
  if (entry.uncompressedSize > XLSX_LIMITS.sharedStringsBytes) {
    throw new XlsxError(`bảng chữ dùng chung của tệp XLSX quá lớn (hơn ${XLSX_LIMITS.sharedStringsBytes / 1024 / 1024} MB)`, 'limit');
  }
  const strings: string[] = [];
  const parser = new SaxesParser();
  let current: string[] | undefined;
  let inText = false;
  let phonetic = 0; // <rPh> runs are pronunciation guides, not cell text
  parser.on('opentag', (t: SaxesTagPlain) => {
    if (t.name === 'si') current = [];
    else if (t.name === 'rPh') phonetic++;
    else if (t.name === 't' && phonetic === 0) inText = true;
  });
  parser.on('closetag', (t: SaxesTagPlain) => {
    if (t.name === 'si') {
      strings.push(current?.join('') ?? '');
      current = undefined;
    } else if (t.name === 'rPh') phonetic--;
    else if (t.name === 't') inText = false;
  });
  parser.on('text', (text) => {
    if (inText && current) current.push(text);
  });
  await parseEntry(zip, entry, parser, slicer);
  return strings;
}

/** "BC12" → 54 (0-based column index). */
function columnIndex(ref: string | undefined): number | undefined {
  const letters = ref ? /^[A-Z]+/i.exec(ref)?.[0] : undefined;
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** What a cell shows as text: shared and inline strings, formulas by their cached result, numbers without ".0". */
function cellText(type: string | undefined, value: string, shared: string[]): string {
  switch (type) {
    case 's':
      return shared[Number(value)] ?? '';
    case 'str':
    case 'inlineStr':
      return value;
    case 'b':
      return value === '1' ? 'true' : value === '0' ? 'false' : value;
    case 'e':
      return '';
    case 'd':
      return value.slice(0, 10);
    default: {
      if (value === '') return '';
      const n = Number(value);
      return Number.isFinite(n) ? String(n) : value;
    }
  }
}

const MAX_COLUMNS = 200;

async function readSheet(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  shared: string[],
  opts: { maxRows: number; slicer: TimeSlicer },
): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  const parser = new SaxesParser();
  let rowNumber = 0;
  let cells: string[] = [];
  let column = 0;
  let cellType: string | undefined;
  let text: string[] = [];
  let collecting = false;
  parser.on('opentag', (t: SaxesTagPlain) => {
    const a = t.attributes as Record<string, string>;
    if (t.name === 'row') {
      rowNumber = a.r ? Number(a.r) : rowNumber + 1;
      cells = [];
      column = 0;
    } else if (t.name === 'c') {
      column = columnIndex(a.r) ?? column;
      cellType = a.t;
      text = [];
    } else if (t.name === 'v' || (t.name === 't' && cellType === 'inlineStr')) collecting = true;
  });
  parser.on('text', (s) => {
    if (collecting) text.push(s);
  });
  parser.on('closetag', (t: SaxesTagPlain) => {
    if (t.name === 'v' || t.name === 't') collecting = false;
    else if (t.name === 'c') {
      if (column < MAX_COLUMNS) {
        const value = cellText(cellType, text.join(''), shared);
        while (cells.length < column) cells.push('');
        cells[column] = value;
      }
      column++;
    } else if (t.name === 'row') {
      if (cells.some((c) => c !== '')) {
        rows.push({ number: rowNumber, cells });
        if (rows.length > opts.maxRows) throw new RowLimitExceeded();
      }
    }
  });
  await parseEntry(zip, entry, parser, opts.slicer);
  return rows;
}
