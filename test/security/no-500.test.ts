import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { handleError } from '../../src/http/errors.js';
import { Hono } from 'hono';
import { seedPlan, startHarness } from '../helpers/service.js';
import { systemActor } from '../../src/domain/context.js';
import { createUploadLink } from '../../src/domain/upload-links.js';
import { silentLogger } from '../../src/lib/logger.js';

function captureLog() {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
  return { log: createLogger('info', [], sink), lines };
}

describe('no 500 for a client mistake, no secret in a log line', () => {
  it('a broken multipart body on the upload page is a Vietnamese 400 page', async () => {
    const h = await startHarness();
    try {
      const { unitId, requirementId } = await seedPlan(h);
      const ctx = { db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir };
      const { token } = createUploadLink(ctx, { unitId, requirementId, contactId: null });
      for (const body of ['--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut off', 'not a form at all']) {
        const res = await h.service.app.request(`/upload/${token}`, {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
          body,
        });
        expect(res.status).toBe(400);
        const html = await res.text();
        expect(html).toContain('Không đọc được dữ liệu gửi lên');
        expect(html).not.toMatch(/TypeError|at .*\.ts|node_modules/);
      }
      // The link is still good: nothing was used up by the broken attempt.
      expect((await h.service.app.request(`/upload/${token}`)).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('an unexpected error is logged without the secret in its path, and answered without internals', async () => {
    const { log, lines } = captureLog();
    const app = new Hono();
    app.get('/upload/:token', () => {
      throw new TypeError('boom at /upload/SeCrEtToKeN123 while reading');
    });
    app.onError(handleError(log));
    const res = await app.request('/upload/SeCrEtToKeN123?start=INVITE42');
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toMatch(/boom|TypeError|SeCrEt/);
    const logged = lines.join('');
    expect(logged).toContain('unhandled error');
    expect(logged).toContain('/upload/[hidden]');
    expect(logged).not.toContain('SeCrEtToKeN123');
    log.info('user sent /start INVITE42 via https://t.me/bot?start=INVITE42');
    expect(lines.join('')).not.toContain('INVITE42');
  });
});
