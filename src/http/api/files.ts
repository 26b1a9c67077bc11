import { createRoute } from '@hono/zod-openapi';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { downloadName } from '../../domain/file-kinds.js';
import { openStoredFile } from '../../domain/files.js';
import { requireRole } from '../auth.js';
import { DOWNLOAD_HEADERS, securityHeadersFor } from '../security-headers.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { IdParam, bearer, errorResponses } from './schemas.js';

/**
 * `attachment; filename="<ascii>"; filename*=UTF-8''<utf-8>` (RFC 6266): old clients read the
 * ASCII fallback ("Ke hoach Nam Dan.pdf"), every current browser the Vietnamese original.
 */
export function contentDisposition(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function filesRoutes(api: ApiRouter, _deps: AppDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/files/{id}',
      tags: ['Submissions'],
      summary: 'Download a stored file',
      description: 'Streams the bytes with the detected Content-Type and the original (Vietnamese) file name.',
      security: bearer,
      middleware: [requireRole('viewer'), securityHeadersFor(DOWNLOAD_HEADERS)] as const,
      request: { params: IdParam },
      responses: {
        200: { description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        ...errorResponses,
      },
    }),
    (c) => {
      const { row, path } = openStoredFile(c.get('ctx'), c.req.valid('param').id);
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': row.mimeType,
          'content-length': String(row.size),
          'content-disposition': contentDisposition(downloadName(row.originalName, row.mimeType)),
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, max-age=3600',
        },
      });
    },
  );
}
