import { constants, crc32, deflateRawSync } from 'node:zlib';
import { zipArchive, type ZipEntry } from './sample-files.js';

const deflated = (name: string, text: string): ZipEntry => {
  const data = Buffer.from(text);
  return { name, body: deflateRawSync(data), method: 8, crc: crc32(data), size: data.length };
};

const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Đơn vị" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

const inlineRow = (cells: string[]) =>
  `<row>${cells.map((c) => `<c t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;

/**
 * An XLSX bomb like the one that took the service down: about 1.6 MB on disk, `rows` rows
 * (3 million: ~400 MB of sheet XML) once unzipped. The sheet's deflate stream is one
 * compressed block of rows repeated (each copy stands alone, so they concatenate), so making
 * it costs milliseconds. `lie` declares a small unzipped size, as a hostile archive would.
 */
export function xlsxBomb(opts: { rows?: number; lie?: boolean } = {}): Buffer {
  const rows = opts.rows ?? 3_000_000;
  const perBlock = 10_000;
  const block = inlineRow(['TRUONG_X', 'Trường X', 'truong_thcs']).repeat(perBlock);
  const blockBytes = Buffer.from(block);
  const compressedBlock = deflateRawSync(blockBytes, { finishFlush: constants.Z_SYNC_FLUSH });
  const head = Buffer.from(SHEET_HEAD + inlineRow(['code', 'name', 'kind']));
  const tail = Buffer.from(SHEET_TAIL);
  const copies = Math.ceil(rows / perBlock);
  const deflatedSheet = Buffer.concat([
    deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH }),
    ...Array.from({ length: copies }, () => compressedBlock),
    deflateRawSync(tail),
  ]);
  const size = head.length + copies * blockBytes.length + tail.length;
  return zipArchive([
    deflated('xl/workbook.xml', WORKBOOK),
    deflated('xl/_rels/workbook.xml.rels', RELS),
    // yauzl does not check CRCs; the sizes are what a reader must not trust blindly.
    { name: 'xl/worksheets/sheet1.xml', body: deflatedSheet, method: 8, crc: 0, size, declaredSize: opts.lie ? 1_000_000 : size },
  ]);
}

/** A CSV of `n` schools under `n / 100` offices, children before parents, as staff export it. */
export function unitsCsv(n: number): string {
  const offices = Math.max(1, Math.floor(n / 100));
  const lines = ['\ufeffMã đơn vị;Tên đơn vị;Loại đơn vị;Mã cấp trên;Địa bàn;Hoạt động'];
  for (let i = 0; i < n - offices; i++) {
    lines.push(`TRUONG_${i};Trường số ${i} xã Châu Phú ${i % offices};truong_thcs;PGD_${i % offices};Xã ${i % offices};x`);
  }
  for (let o = 0; o < offices; o++) lines.push(`PGD_${o};Phòng GDĐT huyện số ${o};phong_gddt;;Huyện ${o};1`);
  return lines.join('\r\n');
}
