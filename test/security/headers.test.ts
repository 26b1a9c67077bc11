import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { systemActor } from '../../src/domain/context.js';
import { createUploadLink } from '../../src/domain/upload-links.js';
import { INLINE_PREVIEW_HEADERS, securityHeaders, securityHeadersFor } from '../../src/http/security-headers.js';
import { ManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService, type Service } from '../../src/service.js';

let service: Service;
let dir = '';
let uploadPath = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-noi-headers-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'app.db'), FILES_DIR: join(dir, 'files'), BACKUP_DIR: join(dir, 'backups'), DEMO_DATA: '1', LOG_LEVEL: 'silent' });
  const clock = new ManualClock('2026-11-25T03:00:00Z');
  service = createService(config, { clock, log: silentLogger, scheduler: false });
  const { unitId, requirementId } = service.db.$client
    .prepare('SELECT unit_id AS unitId, requirement_id AS requirementId FROM submissions LIMIT 1')
    .get() as { unitId: number; requirementId: number };
  const ctx = { db: service.db, clock, log: silentLogger, actor: systemActor('test'), timeZone: config.timeZone, filesDir: config.filesDir };
  uploadPath = `/upload/${createUploadLink(ctx, { unitId, requirementId, contactId: null }).token}`;
});
afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PAGES = () => ['/simulator', '/api/docs', uploadPath, '/api/v1/units', '/api/openapi.json', '/healthz', '/khong-co'];

describe('security headers', () => {
  it('every page and API answer forbids framing, sniffing, referrers and inline script', async () => {
    for (const path of PAGES()) {
      const res = await service.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security'), `${path} over plain http`).toBeNull();
    }
  });

  it('pages carry no inline script or style', async () => {
    for (const path of ['/simulator', '/api/docs', uploadPath]) {
      const html = await (await service.app.request(path)).text();
      expect(html, path).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    }
  });

  it('the upload page, whose address is its secret, is never cached', async () => {
    const res = await service.app.request(uploadPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('sends HSTS when served over HTTPS, directly or behind a proxy at an https public address', async () => {
    const direct = new Hono().use(securityHeaders({ publicBaseUrl: 'http://localhost:3000' })).get('/', (c) => c.text('ok'));
    expect((await direct.request('https://caunoi.example/')).headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
    expect((await direct.request('http://caunoi.example/')).headers.get('strict-transport-security')).toBeNull();
    const proxied = new Hono().use(securityHeaders({ publicBaseUrl: 'https://caunoi.sogddt.vn' })).get('/', (c) => c.text('ok'));
    expect((await proxied.request('http://127.0.0.1/')).headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
  });

  it('a route may set its own policy (a framed same-origin preview), which the app-wide one keeps', async () => {
    const app = new Hono()
      .use(securityHeaders({ publicBaseUrl: 'http://localhost:3000' }))
      .get('/preview', securityHeadersFor(INLINE_PREVIEW_HEADERS), (c) => c.body('x'))
      .get('/page', (c) => c.html('<p>x</p>'));
    const preview = await app.request('/preview');
    expect(preview.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    // Chrome's PDF viewer draws nothing in a sandboxed document: previews are not sandboxed.
    expect(preview.headers.get('content-security-policy')).not.toContain('sandbox');
    expect(preview.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(preview.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await app.request('/page')).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
