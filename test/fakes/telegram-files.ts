/** Files known to the fake: what users sent and what the bot uploaded, reachable by getFile + download. */
import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import { badRequest } from './telegram-types.js';

/** Telegram's cloud Bot API only lets a bot download files up to 20 MB. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export type FileKind = 'documents' | 'photos' | 'stickers';

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  fileName?: string;
  mimeType?: string;
  size: number;
  /** Undefined for a file declared by size only; downloads then serve zeros. */
  bytes?: Buffer;
}

export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private counter = 0;

  add(kind: FileKind, file: { fileName?: string; mimeType?: string; bytes?: Buffer; size?: number }): StoredFile {
    this.counter += 1;
    const defaultExt = kind === 'photos' ? '.jpg' : kind === 'stickers' ? '.webp' : '';
    const ext = (file.fileName ? extname(file.fileName) : '') || defaultExt;
    const stored: StoredFile = {
      fileId: `${kind.slice(0, 2).toUpperCase()}ACAgIAAxkBAA${this.counter}_${randomBytes(12).toString('base64url')}`,
      fileUniqueId: `AgAD${this.counter}${randomBytes(4).toString('hex')}`,
      filePath: `${kind}/file_${this.counter}${ext}`,
      fileName: file.fileName,
      mimeType: file.mimeType,
      size: file.size ?? file.bytes?.length ?? 0,
      bytes: file.bytes,
    };
    this.byId.set(stored.fileId, stored);
    this.byPath.set(stored.filePath, stored);
    return stored;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  /** The getFile method: refuses unknown ids and files over 20 MB like Telegram. */
  getFile(fileId: unknown): { file_id: string; file_unique_id: string; file_size: number; file_path: string } {
    const file = typeof fileId === 'string' ? this.byId.get(fileId) : undefined;
    if (!file) throw badRequest('invalid file_id');
    if (file.size > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
    return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.size, file_path: file.filePath };
  }

  /** Bytes served at /file/bot<token>/<file_path>. */
  download(filePath: string): Buffer | undefined {
    const file = this.byPath.get(filePath);
    if (!file || file.size > MAX_DOWNLOAD_BYTES) return undefined;
    return file.bytes ?? Buffer.alloc(file.size);
  }
}
