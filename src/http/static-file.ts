import type { Handler } from 'hono';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves one file from disk (read once, then from memory) with its type and a day's cache. */
export function staticFile(path: string): Handler {
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  let body: Promise<Buffer> | undefined;
  return async (c) => {
    body ??= readFile(path);
    return c.body(new Uint8Array(await body), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  };
}

/** A file of src/http/assets (our own scripts and styles: pages carry no inline ones). */
export const assetPath = (name: string): string => fileURLToPath(new URL(`./assets/${name}`, import.meta.url));
