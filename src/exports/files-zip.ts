import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { receivedFiles, type Compilation } from '../domain/compilation.js';
import type { Ctx } from '../domain/context.js';
import { DomainError } from '../core/errors.js';
import { openStoredFile } from '../domain/files.js';
import { wallClock } from '../lib/local-iso.js';

/** A name every unzip tool on Windows accepts: no \ / : * ? " < > |, no trailing dot or space, not too long. */
export function zipSafe(name: string, max = 100): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/\s+/g, ' ').trim().replace(/[. ]+$/, '');
  return (cleaned || '_').slice(0, max);
}

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The files received, streamed as a ZIP: one folder per unit ("<code> - <name>", under one
 * folder per requirement when a campaign has several), every version ("lan-2 - <name>"), and
 * an index (muc-luc.csv) of what is where. Bytes are read from FILES_DIR as the archive streams.
 */
export async function zipReceivedFiles(ctx: Ctx, compilation: Compilation): Promise<Readable> {
  // Loaded on first use: archiver costs ~8 MB of memory that a bot process rarely needs.
  const { ZipArchive } = await import('archiver');
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const local = wallClock(ctx.timeZone);
  const index = [['Yêu cầu', 'Mã đơn vị', 'Tên đơn vị', 'Lần nộp', 'Nộp lúc', 'Tên tệp', 'Đường dẫn trong tệp nén'].join(',')];
  const several = compilation.requirements.length > 1;
  for (const req of compilation.requirements) {
    const byUnit = receivedFiles(ctx, req.requirement.id);
    const top = several ? `${zipSafe(req.requirement.title, 60)}/` : '';
    for (const row of req.rows) {
      const files = byUnit.get(row.unit.id);
      if (!files) continue;
      const folder = `${top}${zipSafe(`${row.unit.code} - ${row.unit.name}`)}`;
      const used = new Set<string>();
      for (const f of files) {
        let name = zipSafe(`lan-${f.version} - ${f.originalName}`, 150);
        for (let i = 2; used.has(name); i++) name = zipSafe(`lan-${f.version} (${i}) - ${f.originalName}`, 150);
        used.add(name);
        const at = local(f.submittedAt).toISOString().slice(0, 16).replace('T', ' ');
        let where = `${folder}/${name}`;
        try {
          const { path } = openStoredFile(ctx, f.id);
          zip.append(createReadStream(path), { name: where, date: f.submittedAt });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          where = '(tệp không còn trên máy chủ)';
        }
        index.push([req.requirement.title, row.unit.code, row.unit.name, String(f.version), at, f.originalName, where].map(csvField).join(','));
      }
    }
  }
  zip.append(`\uFEFF${index.join('\r\n')}\r\n`, { name: 'muc-luc.csv' });
  void zip.finalize();
  return zip;
}
