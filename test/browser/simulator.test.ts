import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { launchBrowser } from '../helpers/browser.js';
import { ShiftedClock } from '../helpers/service.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService, type Service } from '../../src/service.js';

let service: Service;
let server: ServerType;
let browser: Browser;
let base = '';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-noi-browser-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'app.db'), FILES_DIR: join(dir, 'files'), BACKUP_DIR: join(dir, 'backups'), DEMO_DATA: '1', LOG_LEVEL: 'silent' });
  service = createService(config, { clock: new ShiftedClock('2026-11-25T03:00:00Z'), log: silentLogger, scheduler: false });
  await service.start();
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

describe('simulator in a real browser', () => {
  it('a demo school contact checks what is due and starts submitting by pressing buttons', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/simulator`);
    await expect.poll(() => page.locator('#persona option').count()).toBeGreaterThan(3);
    const school = await page.locator('#persona option', { hasText: 'Trường THPT' }).first().getAttribute('value');
    await page.selectOption('#persona', school!);
    await page.fill('#text', 'trang thai');
    await page.press('#text', 'Enter');
    const reply = page.locator('.msg.out', { hasText: 'Việc cần nộp' });
    await reply.first().waitFor({ timeout: 10_000 });
    expect(await reply.first().textContent()).toContain('hạn chót');

    await reply.first().locator('button', { hasText: 'Nộp bài' }).click();
    const next = page.locator('.msg.out', { hasText: /nộp cho yêu cầu nào/ });
    await next.first().waitFor({ timeout: 10_000 });
    expect(await next.first().locator('button').count()).toBeGreaterThan(1);
    await page.close();
  });
});
