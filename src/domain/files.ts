import { eq } from 'drizzle-orm';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { files } from '../db/schema/index.js';
import { randomSecret, sha256Hex } from '../lib/ids.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { invalid, limit, notFound } from '../core/errors.js';
import { ACCEPTED_FILE_TYPES_TEXT, declaredExtension, detectFileKind, extensionMatches, kindForExtension } from './file-kinds.js';
import { sanitizeFileName } from './file-names.js';

export { ACCEPTED_FILE_TYPES_TEXT, ALLOWED_FILE_KINDS } from './file-kinds.js';

export type StoredFile = typeof files.$inferSelect;
export type FileSource = StoredFile['source'];

/** Telegram bots cannot download more than 20 MB either, so one limit serves every channel. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Where the bytes with this sha256 live: FILES_DIR/ab/abcdef… */
export function storedPath(filesDir: string, sha256: string): string {
  return join(filesDir, sha256.slice(0, 2), sha256);
}

/**
 * Checks and keeps a file that arrived from any channel; returns its row.
 * - larger than 20 MB → DomainError `limit`, field 'file';
 * - type judged by content (file-type); anything outside ALLOWED_FILE_KINDS → `invalid`, field 'file',
 *   with a Vietnamese message listing what is accepted;
 * - the stored mime is the detected one even when the name says otherwise (the name is kept);
 * - bytes are stored once per sha256, written to a temp file and renamed, so a crash never
 *   leaves half a file under the final name.
 */
export async function storeFile(
  ctx: Ctx,
  input: { bytes: Buffer; originalName: string; source: FileSource; maxBytes?: number },
): Promise<StoredFile> {
  const { bytes } = input;
  // The personal upload page takes larger files than a bot can download (it passes maxBytes).
  const maxBytes = input.maxBytes ?? MAX_FILE_BYTES;
  if (bytes.length > maxBytes) {
    const mb = Math.round(maxBytes / (1024 * 1024));
    throw limit(`Tệp lớn hơn ${mb} MB. Vui lòng nén bớt, chia nhỏ tệp hoặc gửi đường liên kết.`, 'file');
  }
  if (bytes.length === 0) throw invalid('Tệp rỗng, vui lòng gửi lại.', 'file');
  const kind = await detectFileKind(bytes, input.originalName);
  if (!kind) throw invalid(refusalFor(input.originalName), 'file');

  let originalName = sanitizeFileName(input.originalName, kind.ext);
  const ext = declaredExtension(originalName);
  if (!ext) originalName = `${originalName}.${kind.ext}`;
  else if (!extensionMatches(kind, ext)) {
    ctx.log.info({ originalName, detected: kind.ext }, 'file extension disagrees with content; stored with the detected type');
  }

  const sha256 = sha256Hex(bytes);
  await writeContent(ctx.filesDir, sha256, bytes);

  return ctx.db.transaction(() => {
    const row = ctx.db
      .insert(files)
      .values({ sha256, originalName, mimeType: kind.mime, size: bytes.length, source: input.source, createdAt: ctx.clock.now() })
      .returning()
      .get();
    recordAudit(ctx, { action: 'file.store', entity: 'file', entityId: row.id, after: row });
    return row;
  });
}

/**
 * Why a file is refused, in words its sender can act on: a name that promises an accepted type
 * ("bao-cao.pdf") whose content is something else is a damaged or renamed file, not a wrong choice.
 */
function refusalFor(originalName: string): string {
  const promised = kindForExtension(declaredExtension(originalName));
  if (promised) {
    return (
      `Tệp “${sanitizeFileName(originalName, promised.ext)}” có đuôi .${declaredExtension(originalName)} nhưng nội dung không phải ${promised.label} ` +
      `(tệp có thể bị hỏng, hoặc là loại tệp khác được đổi tên). Anh/chị vui lòng mở tệp kiểm tra, lưu lại thành ${promised.label} rồi gửi lại.`
    );
  }
  return `Không nhận loại tệp này. Chỉ nhận: ${ACCEPTED_FILE_TYPES_TEXT}.`;
}

async function writeContent(filesDir: string, sha256: string, bytes: Buffer): Promise<void> {
  const path = storedPath(filesDir, sha256);
  const existing = await stat(path).catch(() => undefined);
  if (existing && existing.size === bytes.length) return;
  await mkdir(join(filesDir, sha256.slice(0, 2)), { recursive: true });
  const temp = `${path}.tmp-${randomSecret(6)}`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export function getFile(ctx: Ctx, id: number): StoredFile {
  const row = ctx.db.select().from(files).where(eq(files.id, id)).get();
  if (!row) throw notFound('file', id);
  return row;
}

/** The row and the path of its bytes; 404 if either is gone. */
export function openStoredFile(ctx: Ctx, fileId: number): { row: StoredFile; path: string } {
  const row = getFile(ctx, fileId);
  const path = storedPath(ctx.filesDir, row.sha256);
  if (!existsSync(path)) {
    ctx.log.error({ fileId, sha256: row.sha256 }, 'file bytes missing from FILES_DIR');
    throw notFound('file content', fileId);
  }
  return { row, path };
}
