import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createInvite } from '../../src/domain/invites.js';
import { systemActor, type Ctx } from '../../src/domain/context.js';
import { findUnitByCode } from '../../src/domain/units.js';
import { launchBrowser, pageScrollWidth, screenshot } from '../helpers/browser.js';
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

const ctx = (): Ctx => ({ db: service.db, clock: { now: () => new Date() }, log: silentLogger, actor: systemActor('test'), timeZone: 'Asia/Ho_Chi_Minh', filesDir: dir });

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

  it('a newcomer sees the answer to a bare /start; after linking, the persona is listed once, under the unit', async () => {
    const page = await browser.newPage();
    const missing: string[] = [];
    page.on('response', (r) => void (r.status() === 404 && missing.push(r.url())));
    await page.goto(`${base}/simulator`);
    await expect.poll(() => page.locator('#persona option').count()).toBeGreaterThan(3);
    await page.selectOption('#persona', 'nguoi-moi');
    await page.fill('#text', '/start');
    await page.press('#text', 'Enter');
    await page.locator('.msg.in', { hasText: '/start' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.msg.out').count()).toBeGreaterThan(0);

    const unit = findUnitByCode(ctx(), 'PGD-LX')!;
    const invite = createInvite(ctx(), { unitId: unit.id }, undefined);
    await page.fill('#text', `/start ${invite.code}`);
    await page.press('#text', 'Enter');
    await page.locator('.msg.out', { hasText: 'Phòng Giáo dục và Đào tạo thành phố Long Xuyên' }).first().waitFor({ timeout: 10_000 });
    const newcomer = page.locator('#persona option[value="nguoi-moi"]');
    await expect.poll(() => newcomer.textContent(), { timeout: 10_000 }).toContain('Phòng Giáo dục và Đào tạo thành phố Long Xuyên');
    expect(await newcomer.count()).toBe(1);
    expect(await page.locator('#persona option', { hasText: 'chưa liên kết' }).count()).toBe(0);
    expect(missing).toEqual([]); // the favicon too
    await page.close();
  });

  it('on a 390 px phone the message box is in view and nothing scrolls sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}/simulator`);
    await expect.poll(() => page.locator('#persona option').count()).toBeGreaterThan(3);
    const school = await page.locator('#persona option', { hasText: 'Trường THPT chuyên' }).first().getAttribute('value');
    await page.selectOption('#persona', school!); // one of the longest labels
    for (let i = 0; i < 6; i++) {
      await page.fill('#text', `/help ${i}`);
      await page.press('#text', 'Enter');
    }
    await expect.poll(() => page.locator('.msg.out').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    const box = (await page.locator('#text').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.y).toBeGreaterThan(0);
    const header = (await page.locator('header').boundingBox())!;
    expect(header.height).toBeLessThan(100);
    const { scroll, viewport } = await pageScrollWidth(page);
    expect(scroll).toBeLessThanOrEqual(viewport);
    await screenshot(page, 'simulator-390');
    await page.close();
  });
});
