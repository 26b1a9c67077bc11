import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/domain/context.js';
import { currentOaTokens } from '../../src/domain/zalo-oa-tokens.js';
import { silentLogger } from '../../src/lib/logger.js';
import { launchBrowser, screenshot, signInAs } from '../helpers/browser.js';
import { createDashboardUsers } from '../helpers/dashboard.js';
import { startOaHarness, type OaHarness } from '../helpers/zalo-oa.js';

let h: OaHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  h = await startOaHarness({ connect: false, publicIsListener: true });
  createDashboardUsers({ db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(8000);
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const statusText = () => page.locator('#oa-status').textContent();
const auditActions = () =>
  h.service.db.$client.prepare(`SELECT action, actor_label AS actor FROM audit_log WHERE entity = 'zalo_oa' ORDER BY id`).all();

describe('connecting the Zalo OA from the dashboard (OAuth v4 with PKCE)', () => {
  it('an admin connects the OA: Zalo consent, callback, tokens stored, the page says connected, every step audited', async () => {
    await signInAs(page, h.webhookBase, 'quantri');
    await page.goto(`${h.webhookBase}/admin`);
    await page.getByRole('link', { name: 'Zalo OA' }).click();
    expect(await statusText()).toContain('Chưa kết nối');
    await page.getByRole('link', { name: 'Kết nối Zalo OA' }).click();
    // The fake's consent page sends the browser straight back to the callback with code, oa_id and state.
    await page.waitForURL(`${h.webhookBase}/admin/zalo-oa`);
    expect(await page.locator('.notice.ok').first().textContent()).toContain('Đã kết nối Zalo OA');
    expect(await statusText()).toContain('Đã kết nối');
    await screenshot(page, 'zalo-oa-connected');
    const tokens = currentOaTokens({ db: h.service.db })!;
    expect(tokens).toMatchObject({ oaId: h.oa.oaId, status: 'connected' });
    expect(await page.content()).not.toContain(tokens.accessToken);
    expect(h.oa.tokenCalls.map((c) => c.grant)).toEqual(['authorization_code']);
    expect(auditActions()).toEqual([
      { action: 'zalo_oa.connect_start', actor: 'quantri' },
      { action: 'zalo_oa.connect', actor: 'quantri' },
    ]);
  });

  it('a callback with a used or unknown state is refused calmly and stores nothing new', async () => {
    const before = currentOaTokens({ db: h.service.db })!;
    const res = await page.goto(`${h.webhookBase}/admin/zalo-oa/callback?code=abc&oa_id=${h.oa.oaId}&state=not-ours`);
    expect(res?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Liên kết kết nối này không hợp lệ, đã dùng hoặc đã hết hạn');
    expect(currentOaTokens({ db: h.service.db })).toEqual(before);
    expect(h.oa.tokenCalls).toHaveLength(1);
  });

  it('staff who are not admins cannot open the page or start a connection', async () => {
    await page.context().clearCookies();
    await signInAs(page, h.webhookBase, 'lan');
    const res = await page.goto(`${h.webhookBase}/admin/zalo-oa/connect`);
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không có quyền');
    expect(page.url()).toBe(`${h.webhookBase}/admin/zalo-oa/connect`);
  });
});
