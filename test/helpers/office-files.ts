import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** Opens a downloaded workbook the way Excel would read it. */
export async function readWorkbook(bytes: ArrayBuffer | Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes as ArrayBuffer) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return book;
}

/** The text of a DOCX, paragraph by paragraph (from word/document.xml). */
export async function docxText(bytes: ArrayBuffer | Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(Buffer.from(bytes as ArrayBuffer));
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean)
    .join('\n')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

export async function zipEntries(bytes: ArrayBuffer | Buffer): Promise<Record<string, Buffer>> {
  const zip = await JSZip.loadAsync(Buffer.from(bytes as ArrayBuffer));
  const out: Record<string, Buffer> = {};
  for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) out[name] = await entry.async('nodebuffer');
  return out;
}
