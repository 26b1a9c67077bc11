import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { sanitizeFileName } from '../../src/domain/file-names.js';
import { MAX_FILE_BYTES, openStoredFile, storeFile, storedPath } from '../../src/domain/files.js';
import { sha256Hex } from '../../src/lib/ids.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import {
  cfbBytes,
  docxBytes,
  exeBytes,
  heicBytes,
  jpegBytes,
  odtBytes,
  pdfBytes,
  pngBytes,
  webpBytes,
  xlsxBytes,
  zipBytes,
} from '../helpers/sample-files.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('storeFile', () => {
  it('accepts each allowed type, judged by content', async () => {
    const cases: [Buffer, string, string][] = [
      [pdfBytes(), 'ke-hoach.pdf', 'application/pdf'],
      [docxBytes(), 'ke-hoach.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [await xlsxBytes(), 'bao-cao.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [odtBytes(), 'ke-hoach.odt', 'application/vnd.oasis.opendocument.text'],
      [cfbBytes(), 'ke-hoach-cu.doc', 'application/msword'],
      [cfbBytes(), 'bao-cao-cu.xls', 'application/vnd.ms-excel'],
      [jpegBytes(), 'anh.jpeg', 'image/jpeg'],
      [pngBytes(), 'anh.png', 'image/png'],
      [webpBytes(), 'anh.webp', 'image/webp'],
      [heicBytes(), 'IMG_0001.HEIC', 'image/heic'],
    ];
    for (const [bytes, name, mime] of cases) {
      const row = await storeFile(t.ctx, { bytes, originalName: name, source: 'telegram' });
      expect({ name: row.originalName, mime: row.mimeType }).toEqual({ name, mime });
      expect(row.size).toBe(bytes.length);
    }
  });

  it('refuses a program renamed .pdf, a zip and an OLE2 file that is not .doc/.xls', async () => {
    for (const [bytes, name] of [
      [exeBytes(), 'ke-hoach.pdf'],
      [zipBytes([{ name: 'a.txt', content: 'xin chào' }]), 'ho-so.zip'],
      [cfbBytes(), 'setup.msi'],
      [Buffer.from('chỉ là văn bản'), 'ghi-chu.txt'],
    ] as const) {
      const err = await refusal(storeFile(t.ctx, { bytes, originalName: name, source: 'zalo' }));
      expect(err.kind).toBe('invalid');
      expect(err.field).toBe('file');
      // A name that promises an accepted type says the content is not that; others list what is accepted.
      expect(err.message).toContain(name.endsWith('.pdf') ? 'có đuôi .pdf nhưng nội dung không phải PDF' : 'Chỉ nhận: PDF, Word');
    }
  });

  it('refuses a file over 20 MB', async () => {
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(MAX_FILE_BYTES)]);
    const err = await refusal(storeFile(t.ctx, { bytes: big, originalName: 'lon.pdf', source: 'web' }));
    expect(err.kind).toBe('limit');
    expect(err.field).toBe('file');
  });

  it('stores the bytes once by sha256, keeps each arrival as a row, and keeps the mime from the content', async () => {
    const bytes = pdfBytes('một lần');
    const a = await storeFile(t.ctx, { bytes, originalName: 'Kế hoạch.pdf', source: 'telegram' });
    const b = await storeFile(t.ctx, { bytes, originalName: 'bản sao.docx', source: 'api' });
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(sha256Hex(bytes));
    expect(b).toMatchObject({ sha256: a.sha256, mimeType: 'application/pdf', originalName: 'bản sao.docx' });
    const dir = join(t.config.filesDir, a.sha256.slice(0, 2));
    expect(readdirSync(dir)).toEqual([a.sha256]);
    const opened = openStoredFile(t.ctx, b.id);
    expect(opened.path).toBe(storedPath(t.config.filesDir, a.sha256));
    expect(readFileSync(opened.path).equals(bytes)).toBe(true);
  });

  it('gives a name without extension the detected one', async () => {
    const row = await storeFile(t.ctx, { bytes: pngBytes(), originalName: 'photo', source: 'telegram' });
    expect(row.originalName).toBe('photo.png');
  });

  it('answers not found for unknown file ids', () => {
    expect(() => openStoredFile(t.ctx, 999)).toThrow(DomainError);
  });
});

describe('sanitizeFileName', () => {
  it('strips folders, control and bidi characters and leading dots', () => {
    expect(sanitizeFileName('C:\\Users\\An\\Desktop\\Kế hoạch.pdf', 'pdf')).toBe('Kế hoạch.pdf');
    expect(sanitizeFileName('../../etc/passwd', 'pdf')).toBe('passwd');
    expect(sanitizeFileName('bao\u0000cao\n.pdf', 'pdf')).toBe('baocao.pdf');
    expect(sanitizeFileName('hoso\u202Efdp.exe', 'pdf')).toBe('hosofdp.exe');
    expect(sanitizeFileName('.hidden.pdf', 'pdf')).toBe('hidden.pdf');
    expect(sanitizeFileName('Kế hoạch "Dân vận khéo".pdf', 'pdf')).toBe('Kế hoạch _Dân vận khéo_.pdf');
  });

  it('falls back to tep-dinh-kem.<ext> and keeps the extension when shortening', () => {
    expect(sanitizeFileName('', 'pdf')).toBe('tep-dinh-kem.pdf');
    expect(sanitizeFileName('/tmp/', 'xlsx')).toBe('tep-dinh-kem.xlsx');
    const long = sanitizeFileName(`${'Báo cáo kết quả '.repeat(30)}.docx`, 'docx');
    expect([...long].length).toBeLessThanOrEqual(200);
    expect(long.endsWith('.docx')).toBe(true);
  });

  it('keeps Vietnamese in NFC', () => {
    const decomposed = 'Kế hoạch'.normalize('NFD');
    expect(sanitizeFileName(`${decomposed}.pdf`, 'pdf')).toBe('Kế hoạch.pdf'.normalize('NFC'));
  });
});
