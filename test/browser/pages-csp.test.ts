import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { systemActor } from '../../src/domain/context.js';
import { createUploadLink } from '../../src/domain/upload-links.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService, type Service } from '../../src/service.js';
import { launchBrowser } from '../helpers/browser.js';
import { ShiftedClock } from '../helpers/service.js';

let service: Service;
let server: ServerType;
let browser: Browser;
let base = '';
let dir = '';
let uploadPath = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-noi-csp-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'app.db'), FILES_DIR: join(dir, 'files'), BACKUP_DIR: join(dir, 'backups'), DEMO_DATA: '1', LOG_LEVEL: 'silent' });
  const clock = new ShiftedClock('2026-11-25T03:00:00Z');
  service = createService(config, { clock, log: silentLogger, scheduler: false });
  await service.start();
  const { unitId, requirementId } = service.db.$client
    .prepare('SELECT s.unit_id AS unitId, s.requirement_id AS requirementId FROM submissions s LIMIT 1')
    .get() as { unitId: number; requirementId: number };
  const ctx = { db: service.db, clock, log: silentLogger, actor: systemActor('test'), timeZone: config.timeZone, filesDir: config.filesDir };
  uploadPath = `/upload/${createUploadLink(ctx, { unitId, requirementId, contactId: null }).token}`;
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a page, recording every CSP refusal and every request that would leave 127.0.0.1. */
async function open(path: string): Promise<{ page: Page; refused: string[]; offsite: string[] }> {
  const page = await browser.newPage();
  const refused: string[] = [];
  const offsite: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
  });
  await page.goto(`${base}${path}`);
  return { page, refused, offsite };
}

describe('pages under the Content Security Policy, in a real browser', () => {
  it('the API documentation renders every operation from local files, with nothing refused', async () => {
    const { page, refused, offsite } = await open('/api/docs');
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    await page.locator('.opblock-summary', { hasText: '/api/v1/units' }).first().click();
    await page.getByRole('button', { name: 'Try it out' }).first().waitFor();
    expect(await page.getByRole('button', { name: /Authorize/ }).count()).toBeGreaterThan(0);
    expect(refused).toEqual([]);
    expect(offsite).toEqual([]);
    await page.close();
  });

  it('the simulator is styled and answers, with nothing refused', async () => {
    const { page, refused } = await open('/simulator');
    await expect.poll(() => page.locator('#persona option').count()).toBeGreaterThan(3);
    expect(await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(23, 105, 170)');
    await page.fill('#text', '/help');
    await page.press('#text', 'Enter');
    await page.locator('.msg.out').nth(1).waitFor({ timeout: 10_000 });
    expect(refused).toEqual([]);
    await page.close();
  });

  it('the personal upload page is styled, with nothing refused', async () => {
    const { page, refused } = await open(uploadPath);
    await page.getByRole('button', { name: 'Tải lên' }).waitFor();
    expect(await page.getByRole('button', { name: 'Tải lên' }).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(23, 105, 170)');
    expect(refused).toEqual([]);
    await page.close();
  });

  it('an injected inline script does not run', async () => {
    const { page, refused } = await open('/simulator');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.appendChild(s);
    });
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    await expect.poll(() => refused.length).toBeGreaterThan(0);
    await page.close();
  });
});
