import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Ctx } from '../../src/domain/context.js';
import { storeFile } from '../../src/domain/files.js';
import { listRequirements, type Requirement } from '../../src/domain/requirements.js';
import { requirementStatus } from '../../src/domain/requirement-status.js';
import { createSubmission } from '../../src/domain/submissions.js';
import { createUnit, findUnitByCode } from '../../src/domain/units.js';
import { silentLogger } from '../../src/lib/logger.js';
import { launchBrowser, listen, pageScrollWidth, screenshot } from '../helpers/browser.js';
import { createDashboardUsers, PASSWORD } from '../helpers/dashboard.js';
import { docxText, readWorkbook } from '../helpers/office-files.js';
import { pdfBytes } from '../helpers/sample-files.js';
import { startHarness, type Harness } from '../helpers/service.js';

const teacher = { id: 5552001, firstName: 'Thu', lastName: 'Hà' };
const XSS_NAME = 'Trường <img src=x onerror="window.__xss=1"> Thử XSS';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base = '';
let closeServer: () => Promise<void>;
let ctx: Ctx;
let plan: Requirement;
let report: Requirement;

beforeAll(async () => {
  // 10:00 in Vietnam; the demo plan was due 4 days ago, the report is due in 12 days.
  h = await startHarness({ now: '2026-05-15T03:00:00Z', env: { DEMO_DATA: '1', TELEGRAM_BOT_USERNAME: 'CauNoiSoGDBot', PROVINCE_NAME: 'An Giang' } });
  ctx = { db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir };
  createDashboardUsers(ctx);
  const xss = createUnit(ctx, { code: 'THPT-XSS', name: XSS_NAME, kind: 'truong_thpt' });
  const reqs = listRequirements(ctx, { limit: 10, offset: 0 }).items;
  plan = reqs.find((r) => r.kind === 'plan')!;
  report = reqs.find((r) => r.kind === 'report')!;
  createSubmission(ctx, {
    requirementId: report.id,
    unitId: xss.id,
    channel: 'telegram',
    answers: { so_hoat_dong: 3, mo_hinh_tieu_bieu: '<script>window.__xss=2</script><b onmouseover="window.__xss=3">Mô hình</b>' },
  });
  // A Telegram contact for the district office of Châu Phú (which has not sent its plan).
  const cp = findUnitByCode(ctx, 'PGD-CP')!;
  const invite = await h.api('POST', `/api/v1/units/${cp.id}/invites`, {});
  await h.fake.userSendsCommand(teacher, '/start', invite.json.code);
  await h.fake.waitForText(teacher.id, /liên kết với đơn vị/);
  ({ base, close: closeServer } = await listen((req) => h.service.app.fetch(req)));
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(8000); // fail at the step, well inside the test's own timeout
});

afterAll(async () => {
  await browser?.close();
  await closeServer?.();
  await h?.close();
});

async function signIn(username: string) {
  await page.goto(`${base}/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
}

const flash = () => page.locator('.notice').first().textContent();

async function download(linkText: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkText, exact: true }).first().click()]);
  return readFileSync((await file.path())!);
}

async function atPhoneWidth(name: string) {
  await page.setViewportSize({ width: 360, height: 780 });
  const { scroll, viewport } = await pageScrollWidth(page);
  expect(scroll, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(viewport);
  await screenshot(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-desktop`);
}

describe('the CTTT dashboard in a real browser', () => {
  it('a staff member signs in and sees the demo overview with its numbers; news arrive without a reload', async () => {
    await page.goto(`${base}/`);
    await screenshot(page, 'sign-in');
    await signIn('lan');
    const status = requirementStatus(ctx, plan.id).counts;
    await expect.poll(() => page.locator('main').textContent()).toContain('Thực hiện “Năm Dân vận khéo” 2020');
    const card = page.locator(`[data-requirement="${plan.id}"]`);
    expect(await card.textContent()).toContain(`đúng hạn: ${status.submitted}`);
    expect(await card.textContent()).toContain('đã quá hạn 4 ngày');
    expect(await card.locator('svg[role="img"]').first().getAttribute('aria-label')).toContain(`${status.total} đơn vị`);
    const toCall = Number(/Cần gọi hôm nay \((\d+)\)/.exec((await page.locator('#call-today').textContent())!)![1]);
    expect(toCall).toBeGreaterThan(0);
    expect(await page.locator('#call-section').textContent()).toContain('Chưa có đầu mối');
    await atPhoneWidth('overview');

    // The bot receives a report: it shows in "Vừa nhận" by itself.
    const lx = findUnitByCode(ctx, 'PGD-TC')!;
    createSubmission(ctx, { requirementId: report.id, unitId: lx.id, channel: 'telegram', answers: { so_hoat_dong: 9 } });
    await page.locator('#live-feed li', { hasText: 'Phòng Giáo dục và Đào tạo thị xã Tân Châu đã nộp' }).waitFor({ timeout: 8000 });
  });

  it('opens a requirement, filters and sorts, reminds one unit (it arrives on Telegram) and all missing, and extends one deadline', async () => {
    await page.getByRole('link', { name: 'Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị' }).first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const total = await page.locator('tbody tr').count();
    await page.getByLabel('Trạng thái').selectOption('late'); // applies at once (progressive enhancement)
    await page.waitForURL(/status=late/);
    const late = await page.locator('tbody tr').count();
    expect(late).toBeLessThan(total);
    for (const cell of await page.locator('tbody td.status').allTextContents()) expect(cell).toMatch(/Quá hạn, chưa nộp|Nộp trễ/);
    await page.getByRole('link', { name: 'Số ngày trễ' }).click();
    await expect.poll(() => page.locator('th[aria-sort="ascending"]').textContent()).toContain('Số ngày trễ');
    await page.getByRole('link', { name: 'Bỏ lọc' }).click();
    await page.getByLabel('Tìm đơn vị').fill('chau phu');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/q=chau\+phu/);
    expect(await page.locator('tbody tr').count()).toBe(2);
    await atPhoneWidth('requirement');

    const cpRow = page.locator('tbody tr', { hasText: 'Phòng Giáo dục và Đào tạo huyện Châu Phú' });
    await cpRow.getByRole('button', { name: /Nhắc ngay/ }).click();
    expect(await flash()).toContain('Đã gửi nhắc cho 1 đơn vị (2 tin nhắn).');
    const reminder = await h.fake.waitForText(teacher.id, /Nhắc nộp bài/);
    expect(reminder.text).toContain('Đơn vị: Phòng Giáo dục và Đào tạo huyện Châu Phú');

    await page.getByRole('link', { name: 'Bỏ lọc' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: /Nhắc tất cả đơn vị chưa nộp/ }).click();
    await page.locator('.notice').first().waitFor();
    expect(await flash()).toMatch(/Đã gửi nhắc cho \d+ đơn vị/);
    expect(await flash()).toContain('1 đơn vị vừa được nhắc chưa đầy 1 phút trước nên không nhắc lại.');

    const tbRow = page.locator('tbody tr', { hasText: 'Phòng Giáo dục và Đào tạo huyện Tịnh Biên' });
    await tbRow.getByRole('link', { name: /Gia hạn/ }).click();
    await page.getByLabel('Hạn mới (ngày)').fill('2026-05-25');
    await page.getByLabel('Lý do gia hạn').fill('Đơn vị đang kiện toàn nhân sự');
    await page.getByRole('button', { name: 'Gia hạn' }).click();
    expect(await flash()).toContain('Đã gia hạn cho Phòng Giáo dục và Đào tạo huyện Tịnh Biên đến 17:00 ngày 25/5/2026.');
    expect(await page.locator('tbody tr', { hasText: 'huyện Tịnh Biên' }).first().textContent()).toContain('(gia hạn)');
  });

  it('opens a unit, previews its PDF, returns and accepts a submission — the contact is told on Telegram', async () => {
    const cp = findUnitByCode(ctx, 'PGD-CP')!;
    const pdf = await storeFile(ctx, { bytes: pdfBytes(), originalName: 'Kế hoạch dân vận khéo Châu Phú.pdf', source: 'telegram' });
    createSubmission(ctx, { requirementId: plan.id, unitId: cp.id, channel: 'telegram', fileIds: [pdf.id], answers: { ngay_ky: '2020-05-20', nguoi_phu_trach: 'Trần Văn Phúc' } });
    await page.goto(`${base}/requirements/${plan.id}?q=chau+phu`);
    await page.getByRole('link', { name: 'Phòng Giáo dục và Đào tạo huyện Châu Phú' }).click();
    await page.getByRole('heading', { name: 'Phòng Giáo dục và Đào tạo huyện Châu Phú', level: 1 }).waitFor();
    const frame = page.locator('iframe[title="Xem trước Kế hoạch dân vận khéo Châu Phú.pdf"]');
    const src = await frame.getAttribute('src');
    const served = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition') };
    }, src!);
    expect(served).toMatchObject({ type: 'application/pdf' });
    expect(served.disposition).toMatch(/^inline/);
    expect(await page.locator('main').textContent()).toContain('Trần Văn Phúc');
    await atPhoneWidth('unit');

    await page.getByText('Trả lại để bổ sung…').click();
    await page.getByLabel('Lý do (đơn vị sẽ đọc trong tin nhắn)').fill('Kế hoạch chưa có chữ ký của thủ trưởng đơn vị');
    await page.getByRole('button', { name: 'Trả lại' }).click();
    expect(await flash()).toContain('đơn vị đã được báo lý do');
    const returned = await h.fake.waitForText(teacher.id, /Lý do: Kế hoạch chưa có chữ ký/);
    expect(returned.text).toContain('Sở trả lại bài nộp');
    expect(requirementStatus(ctx, plan.id, { q: 'PGD-CP' }).items[0]!.status).toBe('returned');

    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    expect(await flash()).toContain('đơn vị đã được báo');
    await h.fake.waitForText(teacher.id, /Sở đã tiếp nhận bài nộp/);
  });

  it('downloads the workbook, the CSV and the DOCX draft and finds the figures in them', async () => {
    await page.goto(`${base}/`);
    const book = await readWorkbook(await download('Excel'));
    const counts = requirementStatus(ctx, report.id).counts;
    const reportSheet = book.worksheets.find((s) => s.name.startsWith('Báo cáo'))!;
    expect(reportSheet.rowCount).toBe(counts.total + 1);
    const headers = (reportSheet.getRow(1).values as unknown[]).slice(1);
    const lxRow = reportSheet.getRow(reportSheet.getColumn(1).values.indexOf('PGD-LX'));
    expect(lxRow.getCell(headers.indexOf('Số hoạt động, buổi tuyên truyền') + 1).value).toBe(12);
    expect(lxRow.getCell(headers.indexOf('Nộp lúc') + 1).value).toBeInstanceOf(Date);
    const summary = book.getWorksheet('Thống kê')!;
    const totals = summary.getColumn(1).values.map((v, i) => (v === 'Tổng cộng' ? i : -1)).filter((i) => i > 0);
    expect(summary.getRow(totals[0]!).getCell(2).value).toBe(requirementStatus(ctx, plan.id).counts.total);

    const csv = await download('CSV');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('Phòng Giáo dục và Đào tạo thành phố Long Xuyên');

    const text = await docxText(await download('Dự thảo báo cáo (Word)'));
    expect(text).toContain('UBND TỈNH AN GIANG');
    expect(text).toContain(`Báo cáo kết quả thực hiện “Năm Dân vận khéo”: Sở đề nghị ${counts.total} đơn vị thực hiện`);
    expect(text).toMatch(/Số hoạt động, buổi tuyên truyền: \d+/);
  });

  it('shows a unit name and an answer with HTML as text: no script runs', async () => {
    await page.goto(`${base}/requirements/${plan.id}?q=xss`);
    await page.getByRole('link', { name: XSS_NAME, exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(XSS_NAME);
    expect(await page.locator('dd', { hasText: '<script>window.__xss=2</script>' }).count()).toBe(1);
    await page.locator('dd', { hasText: 'Mô hình' }).hover();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main b[onmouseover], main script').count()).toBe(0);
  });

  it('signs out; a viewer sees everything but cannot remind or review', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await page.goto(`${base}/requirements/${plan.id}`).then((r) => r!.url())).toContain('/?next=');

    await signIn('lanhdao');
    await page.goto(`${base}/requirements/${plan.id}`);
    expect(await page.getByRole('button', { name: /Nhắc/ }).count()).toBe(0);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const refused = await page.evaluate(
      async ([url, token]) => (await fetch(url!, { method: 'POST', body: new URLSearchParams({ _csrf: token! }) })).status,
      [`/requirements/${plan.id}/remind-all`, csrf],
    );
    expect(refused).toBe(403);
    await page.goto(`${base}/units/${findUnitByCode(ctx, 'PGD-CP')!.id}`);
    expect(await page.getByRole('button', { name: 'Tiếp nhận' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Trả lại' }).count()).toBe(0);
  });
});
