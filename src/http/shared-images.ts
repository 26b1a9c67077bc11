import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { DomainError } from '../core/errors.js';
import { openSharedImage } from '../domain/shared-images.js';
import type { AppEnv } from './env.js';

/**
 * GET /anh/<token>: a stored image at the expiring address a platform fetches it from (Zalo's
 * sendPhoto takes a URL only). The address is the secret; nothing else is reachable this way.
 */
export function sharedImageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:token', async (c) => {
    try {
      const { row, path } = openSharedImage(c.get('ctx'), c.req.param('token'));
      return c.body(new Uint8Array(await readFile(path)), 200, { 'Content-Type': row.mimeType, 'Cache-Control': 'private, max-age=3600' });
    } catch (err) {
      if (err instanceof DomainError) return c.json({ code: 'not_found', message: 'Ảnh không còn hoặc liên kết đã hết hạn.' }, 404);
      throw err;
    }
  });
  return app;
}
