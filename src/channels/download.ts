import { MAX_FILE_BYTES } from '../domain/files.js';
import type { FetchedFile } from './adapter.js';

/** Downloads a file a platform links to; refuses more than the bot's 20 MB before reading it. */
export async function downloadFile(url: string | URL, what: string): Promise<FetchedFile> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${what} download failed: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_FILE_BYTES) {
    await res.body?.cancel();
    return { tooBigBytes: declared };
  }
  return Buffer.from(await res.arrayBuffer());
}
