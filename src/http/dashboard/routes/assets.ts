import { Hono } from 'hono';
import { readFileSync } from 'node:fs';

const read = (name: string) => readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8');

/** Our own stylesheet, script and icon, read once: no CDN, no build step, nothing inline. */
export function assetRoutes(): Hono {
  const files: Record<string, { body: string; type: string }> = {
    'dashboard.css': { body: read('dashboard.css'), type: 'text/css; charset=utf-8' },
    'dashboard.js': { body: read('dashboard.js'), type: 'text/javascript; charset=utf-8' },
  };
  const icon = read('favicon.svg');
  const app = new Hono();
  app.get('/assets/:name', (c) => {
    const file = files[c.req.param('name')];
    if (!file) return c.text('Không có tệp này.', 404);
    return c.body(file.body, 200, { 'content-type': file.type, 'cache-control': 'public, max-age=300' });
  });
  // Browsers ask for /favicon.ico on every page whatever the page links to.
  for (const path of ['/favicon.svg', '/favicon.ico']) {
    app.get(path, (c) => c.body(icon, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));
  }
  return app;
}
