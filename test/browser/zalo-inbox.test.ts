import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/domain/context.js';
import { silentLogger } from '../../src/lib/logger.js';
import { zaloDriver } from '../conversation/channels/zalo.driver.js';
import { launchBrowser, signInAs } from '../helpers/browser.js';
import { startChannelHarness, type ChannelHarness } from '../helpers/channel-harness.js';
import { createDashboardUsers } from '../helpers/dashboard.js';

const d = zaloDriver();
let h: ChannelHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  h = await startChannelHarness(d);
  createDashboardUsers({ db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(8000);
  await signInAs(page, h.base, 'lan');
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the inbox answers a citizen on Zalo', () => {
  it('a Zalo parent’s question becomes a ticket; the staff reply typed in the dashboard reaches Zalo as plain text', async () => {
    const parent = d.newUser('Phụ huynh Minh');
    await d.sendText(parent, 'Xin hỏi lịch cắt điện khu vực trường tuần sau?');
    const unsure = await d.waitFor(parent, /chuyển câu hỏi cho cán bộ/i);
    const n = d.received(parent).length;
    await d.choose(parent, 'Chuyển câu hỏi cho cán bộ');
    expect(unsure.text).not.toMatch(/bấm/i);
    const opened = await d.waitFor(parent, /HD-2026-\d{6}/, n);
    const code = /HD-2026-\d{6}/.exec(opened.text)![0];

    await page.goto(`${h.base}/inbox`);
    await page.locator('#inbox-list tbody tr', { hasText: code }).getByRole('link', { name: code }).click();
    await page.getByRole('heading', { name: `Câu hỏi ${code}` }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Zalo');
    await page.getByLabel(/Nội dung trả lời/).fill('Lịch cắt điện do Điện lực công bố; Sở sẽ báo các trường khi có lịch.');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    expect(await page.locator('.notice').first().textContent()).toContain('Đã gửi trả lời');

    const reply = await d.waitFor(parent, /Sở Giáo dục và Đào tạo trả lời/);
    expect(reply.text).toContain('Lịch cắt điện do Điện lực công bố; Sở sẽ báo các trường khi có lịch.');
    expect(reply.text).not.toMatch(/<[a-z]+>/); // plain text: no Telegram HTML on Zalo
  });
});
