import { Hono } from 'hono';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assetPath, staticFile } from './static-file.js';

const SWAGGER_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js'];

const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cầu Nối — API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/swagger-init.js"></script>
</body>
</html>`;

/** Interactive docs served from the installed swagger-ui-dist: works offline, no CDN, no inline script. */
export function docsRoutes(): Hono {
  const docs = new Hono();
  // Only the folder: importing 'swagger-ui-dist' itself loads its 1.5 MB bundle into the
  // server (about 25 MB of memory) for files that are only ever served to browsers.
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  docs.get('/', (c) => c.html(PAGE));
  for (const name of SWAGGER_FILES) docs.get(`/${name}`, staticFile(join(dir, name)));
  docs.get('/swagger-init.js', staticFile(assetPath('swagger-init.js')));
  docs.get('/:asset', (c) => c.json({ code: 'not_found', message: 'no such asset' }, 404));
  return docs;
}
