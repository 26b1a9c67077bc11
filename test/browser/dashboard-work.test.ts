import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewAudience } from '../../src/domain/broadcasts.js';
import { systemActor, withActor, type Ctx } from '../../src/domain/context.js';
import { findContactByPlatformUser } from '../../src/domain/contacts.js';
import { createFaq } from '../../src/domain/faq.js';
import { listModels } from '../../src/domain/models.js';
import { punctualityRecord } from '../../src/domain/punctuality.js';
import { createSavedReply } from '../../src/domain/saved-replies.js';
import { openTicket } from '../../src/domain/tickets.js';
import { findUnitByCode } from '../../src/domain/units.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { FakeUser } from '../fakes/telegram-bot-api.js';
import { atBothWidths, launchBrowser, listen, signInAs } from '../helpers/browser.js';
import { createDashboardUsers } from '../helpers/dashboard.js';
import { readWorkbook } from '../helpers/office-files.js';
import { sheetBytes } from '../helpers/sample-files.js';
import { linkUnitContact, startHarness, type Harness } from '../helpers/service.js';

const parent: FakeUser = { id: 5554001, firstName: 'Minh', lastName: 'Phạm' };
const denouncer: FakeUser = { id: 5554002, firstName: 'Kín', lastName: 'Đáo' };
const teacher: FakeUser = { id: 5554003, firstName: 'Thu', lastName: 'Hà' };

let h: Harness;
let browser: Browser;
let staffContext: BrowserContext;
let page: Page;
let base = '';
let closeServer: () => Promise<void>;
let ctx: Ctx;
const refused: string[] = [];

beforeAll(async () => {
  h = await startHarness({ now: '2026-05-15T03:00:00Z', env: { DEMO_DATA: '1', TELEGRAM_BOT_USERNAME: 'CauNoiSoGDBot' } });
  ctx = { db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir };
  createDashboardUsers(ctx);
  createSavedReply(ctx, { title: 'Đã tiếp nhận', body: 'Kính gửi {tên}, Sở đã nhận câu hỏi (phiếu {mã}).' });
  // A teacher of the district office of Châu Phú linked on Telegram: the broadcast's recipient.
  await linkUnitContact(h, teacher, 'PGD-CP');
  ({ base, close: closeServer } = await listen((req) => h.service.app.fetch(req)));
  browser = await launchBrowser();
  staffContext = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page = await staffContext.newPage();
  page.setDefaultTimeout(8000);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  await signInAs(page, base, 'lan');
});

afterAll(async () => {
  await browser?.close();
  await closeServer?.();
  await h?.close();
});

const flash = () => page.locator('.notice').first().textContent();

async function download(linkText: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkText }).first().click()]);
  return readFileSync((await file.path())!);
}

describe('the dashboard’s daily work in a real browser', () => {
  it('a citizen’s question arrives in the inbox without a reload; staff answer it (it reaches Telegram), note and close it', async () => {
    await page.goto(`${base}/inbox`);
    await page.getByRole('heading', { name: 'Hộp thư phản ánh' }).waitFor();
    await h.fake.userSendsCommand(parent, '/start');
    await h.fake.waitForText(parent.id, /trợ lý tự động/);
    await h.fake.userSendsText(parent, 'Xin hỏi lịch cắt điện khu vực trường tuần sau?');
    const sorry = await h.fake.waitForText(parent.id, /chuyển câu hỏi cho cán bộ/i);
    expect(sorry.buttons.flat().map((b) => b.callback_data)).toContain('c:fwd');
    await h.fake.userPressesButton(parent, sorry, 'c:fwd');
    const opened = await h.fake.waitForText(parent.id, /HD-2026-\d{6}/);
    const code = /HD-2026-\d{6}/.exec(opened.text)![0];
    // The row comes by itself (server-sent events), the navigation counts it too.
    const row = page.locator('#inbox-list tbody tr', { hasText: code });
    await row.waitFor({ timeout: 8000 });
    await expect.poll(() => page.locator('#main-nav').textContent()).toMatch(/Hộp thư phản ánh\s*1/);
    await atBothWidths(page, 'inbox');

    await row.getByRole('link', { name: code }).click();
    await page.getByRole('heading', { name: `Câu hỏi ${code}` }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Người gửi: Minh Phạm');
    await page.getByLabel('Dùng mẫu trả lời').selectOption({ label: 'Đã tiếp nhận' }); // fills the box at once
    await expect.poll(() => page.getByLabel(/Nội dung trả lời/).inputValue()).toBe(`Kính gửi Minh Phạm, Sở đã nhận câu hỏi (phiếu ${code}).`);
    await page.getByLabel(/Nội dung trả lời/).fill('Lịch cắt điện do Điện lực công bố; Sở sẽ báo các trường khi có lịch.');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    expect(await flash()).toContain('Đã gửi trả lời');
    const reply = await h.fake.waitForText(parent.id, /Sở Giáo dục và Đào tạo trả lời/);
    expect(reply.text).toContain('Lịch cắt điện do Điện lực công bố');

    // What the person writes next shows in the thread without a reload.
    await h.fake.userSendsText(parent, 'Cảm ơn Sở ạ');
    await page.locator('#thread li', { hasText: 'Cảm ơn Sở ạ' }).waitFor({ timeout: 8000 });

    await page.getByLabel(/Ghi chú cho đồng nghiệp/).fill('Đã báo Điện lực');
    await page.getByRole('button', { name: 'Lưu ghi chú' }).click();
    expect(await page.locator('#thread').textContent()).toContain('ghi chú nội bộ, không gửi');
    await page.getByRole('button', { name: 'Tôi nhận xử lý' }).click();
    expect(await flash()).toContain('Anh/chị đã nhận xử lý phiếu này.');
    await atBothWidths(page, 'ticket');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Đóng phiếu' }).click();
    expect(await flash()).toContain('Đã đóng phiếu');
    await h.fake.waitForText(parent.id, new RegExp(`Phiếu ${code} đã được đóng`));
    expect(h.fake.sentMessages(parent.id).some((m) => m.text.includes('Đã báo Điện lực'))).toBe(false); // a note is never sent
  });

  it('a staff member cannot see a denouncer’s identity; an admin can', async () => {
    await h.fake.userSendsCommand(denouncer, '/start');
    await h.fake.waitForText(denouncer.id, /trợ lý tự động/);
    const person = findContactByPlatformUser(ctx.db, 'telegram', String(denouncer.id))!;
    const { ticket } = openTicket(withActor(ctx, { type: 'citizen', id: person.id, label: 'Kín Đáo' }), { contactId: person.id, kind: 'denunciation', text: 'Tôi là Kín Đáo, tố cáo việc thu tiền học thêm trái quy định.' });
    await page.goto(`${base}/inbox/${ticket.id}`);
    const main = page.locator('main');
    expect(await main.textContent()).toContain('Danh tính người tố cáo và nội dung tố cáo được giữ bí mật');
    expect(await main.textContent()).not.toContain('Kín Đáo');
    expect(await main.textContent()).not.toContain('thu tiền học thêm');
    await atBothWidths(page, 'ticket-denunciation-staff');

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const adminPage = await adminContext.newPage();
    await signInAs(adminPage, base, 'quantri');
    await adminPage.goto(`${base}/inbox/${ticket.id}`);
    expect(await adminPage.locator('main').textContent()).toContain('Người gửi: Kín Đáo');
    expect(await adminPage.locator('main').textContent()).toContain('thu tiền học thêm trái quy định');
    await adminContext.close();
  });

  it('sends a broadcast: live count and previews, the progress bar finishes, who has not acknowledged, remind them', async () => {
    await page.goto(`${base}/broadcasts/new`);
    await page.getByLabel('Nội dung', { exact: true }).fill('**Họp giao ban** lúc 8:00 thứ Hai tại [Sở GDĐT](https://sogddt.example.vn).');
    await page.getByText('Chỉ một số loại đơn vị hoặc đơn vị').click();
    await page.getByLabel(/Mã đơn vị \(cách nhau/).fill('PGD-CP');
    await page.getByLabel(/Yêu cầu bấm/).check();
    const expected = previewAudience(ctx, { roles: ['unit_contact'], unitIds: [findUnitByCode(ctx, 'PGD-CP')!.id] });
    await expect.poll(() => page.locator('#audience-count').textContent()).toBe(`Sẽ gửi đến ${expected.total} người: Telegram ${expected.byChannel.telegram}, Zalo ${expected.byChannel.zalo}, Trang thử ${expected.byChannel.web}.`);
    await expect.poll(() => page.locator('#preview-telegram b').first().textContent()).toBe('Họp giao ban');
    expect(await page.locator('#preview-zalo').textContent()).toContain('Họp giao ban lúc 8:00 thứ Hai tại Sở GDĐT (https://sogddt.example.vn).\n\n1. ✅ Đã nhận');
    await atBothWidths(page, 'broadcast-compose');
    await page.getByRole('button', { name: 'Gửi thông báo' }).click();
    await page.locator('#broadcast-progress').waitFor();
    await expect.poll(() => page.locator('#progress-title').textContent(), { timeout: 15_000 }).toBe('Tiến độ: Đã gửi xong');
    expect(await page.locator('progress').getAttribute('value')).toBe(String(expected.total));
    const received = await h.fake.waitForText(teacher.id, /Họp giao ban/);
    expect(await page.locator('#pending').textContent()).toContain('Thu Hà');
    await atBothWidths(page, 'broadcast-progress');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Nhắc lại những người chưa xác nhận' }).click();
    expect(await flash()).toMatch(/Đã nhắc lại \d+ người/);
    await h.fake.waitForText(teacher.id, /🔔 Nhắc lại/);
    await h.fake.userPressesButton(teacher, received, received.buttons[0]![0]!.callback_data!);
    await expect.poll(() => page.locator('#broadcast-progress').textContent(), { timeout: 8000 }).toContain('Đã xác nhận: 1');
    await page.goto(`${base}/broadcasts`);
    await atBothWidths(page, 'broadcasts');
  });

  it('edits an FAQ entry, tries a question, and turns a gap into an entry', async () => {
    const entry = createFaq(ctx, { title: 'Lịch làm việc của bộ phận một cửa', questions: ['Bộ phận một cửa làm việc giờ nào?'], keywords: ['một cửa', 'giờ làm việc'], answer: 'Từ thứ Hai đến thứ Sáu, 7:00–11:30 và 13:30–17:00.', published: true });
    await page.goto(`${base}/faqs/${entry.id}`);
    await page.getByLabel('Câu trả lời').fill('Từ thứ Hai đến thứ Sáu, 7:00–11:30 và 13:30–17:00; sáng thứ Bảy 7:30–11:00.');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    expect(await flash()).toContain('Đã lưu thay đổi');
    await atBothWidths(page, 'faq-entry');
    await page.goto(`${base}/faqs`);
    await page.locator('#try-q').fill('bo phan mot cua lam viec gio nao');
    await page.getByRole('button', { name: 'Thử', exact: true }).click();
    await page.locator('#try-verdict').waitFor();
    const first = page.locator('ol.ranking li').first();
    expect(await first.textContent()).toContain('Lịch làm việc của bộ phận một cửa');
    expect(await first.textContent()).toMatch(/điểm \d+\.\d\d/);
    expect(await first.textContent()).toContain('Khớp:');
    await atBothWidths(page, 'faq-try');

    // The citizen's unanswered question of the first test is a gap.
    await page.goto(`${base}/faqs/gaps`);
    const gap = page.locator('article', { hasText: 'lịch cắt điện' });
    await gap.getByRole('link', { name: 'Tạo mục mới từ câu hỏi này' }).click();
    expect(await page.getByLabel('Tiêu đề').inputValue()).toContain('lịch cắt điện');
    await page.getByLabel('Tiêu đề').fill('Lịch cắt điện ở trường');
    await page.getByLabel(/Từ khóa/).fill('cắt điện, lịch cắt điện');
    await page.getByLabel('Câu trả lời').fill('Lịch cắt điện do Điện lực tỉnh công bố; nhà trường báo phụ huynh khi có lịch ảnh hưởng giờ học.');
    await page.getByRole('button', { name: 'Thêm mục' }).click();
    expect(await flash()).toContain('Đã thêm mục; bot dùng ngay.');
    await page.goto(`${base}/faqs/gaps`);
    expect(await page.locator('main').textContent()).not.toContain('lịch cắt điện');
    await atBothWidths(page, 'faq-gaps');
  });

  it('imports units from an XLSX with a broken row and sees the errors', async () => {
    await page.goto(`${base}/admin/units/import`);
    const bytes = await sheetBytes([
      ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã cấp trên'],
      ['TH-MOI-1', 'Trường Tiểu học Mới 1', 'truong_tieu_hoc', 'PGD-CP'],
      ['TH-MOI-2', 'Trường Tiểu học Mới 2', 'truong_tieu_hoc', 'PGD-XYZ'],
      ['TH-MOI-3', '', 'truong_tieu_hoc', 'PGD-CP'],
    ]);
    await page.getByLabel('Tệp danh sách đơn vị').setInputFiles({ name: 'don-vi-moi.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(bytes) });
    await page.getByRole('button', { name: 'Nhập tệp' }).click();
    await page.locator('#import-errors').waitFor();
    expect(await page.locator('#import-errors').first().textContent()).toContain('chưa ghi đơn vị nào');
    const rows = await page.locator('main table tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^3Mã cấp trên.*PGD-XYZ/);
    expect(rows[1]).toMatch(/^4Tên đơn vị/);
    expect(findUnitByCode(ctx, 'TH-MOI-1')).toBeUndefined();
    await atBothWidths(page, 'unit-import-errors');
  });

  it('marks a model for replication', async () => {
    await page.goto(`${base}/models`);
    const model = listModels(ctx).items[0]!;
    const card = page.locator(`#model-${model.requirement.id}-${model.unit.id}`);
    await card.getByText('Đánh dấu nhân rộng…').click();
    await card.getByLabel(/Ghi chú/).fill('Nhân rộng cho các trường trong huyện');
    await card.getByRole('button', { name: 'Đánh dấu nhân rộng' }).click();
    expect(await flash()).toContain('Đã đánh dấu mô hình để nhân rộng.');
    expect(await page.locator(`#model-${model.requirement.id}-${model.unit.id}`).textContent()).toContain('Nhân rộng: Nhân rộng cho các trường trong huyện');
    expect(listModels(ctx, { replicated: true }).items).toHaveLength(1);
    await atBothWidths(page, 'models');
  });

  it('exports the punctuality record and finds its cells', async () => {
    await page.goto(`${base}/punctuality`);
    const record = punctualityRecord(ctx);
    expect(await page.locator('#punctuality-count').textContent()).toBe(`${record.rows.length} đơn vị · ${record.requirements.length} yêu cầu nộp`);
    await atBothWidths(page, 'punctuality');
    const book = await readWorkbook(await download('Tải bảng chuyên cần (Excel)'));
    const sheet = book.getWorksheet('Chuyên cần')!;
    expect(sheet.rowCount).toBe(record.rows.length + 1);
    const first = record.rows[0]!;
    expect(sheet.getRow(2).getCell(2).value).toBe(first.unit.code);
    expect(sheet.getRow(2).getCell(13).value).toBe(first.score);
    const worst = record.rows.at(-1)!;
    expect(sheet.getRow(record.rows.length + 1).getCell(10).value).toBe(worst.missing);
    expect(book.getWorksheet('Chi tiết')!.rowCount).toBe(record.rows.reduce((n, r) => n + r.asked, 0) + 1);
  });

  it('shows the administration pages, runs a job now; nothing was refused by the CSP on any page', async () => {
    for (const [path, name] of [
      ['/admin', 'admin'],
      ['/admin/units', 'admin-units'],
      ['/admin/campaigns', 'admin-campaigns'],
      ['/admin/forms', 'admin-forms'],
      ['/inbox/saved-replies', 'saved-replies'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await atBothWidths(page, name);
    }
    await page.goto(`${base}/admin/campaigns`);
    await page.locator('main table a').first().click();
    await page.getByRole('link', { name: 'Sửa' }).first().click();
    await page.locator('#audience-units').waitFor();
    const before = await page.locator('#audience-units').textContent();
    await page.getByLabel(/Thêm từng đơn vị theo mã/).fill('TH-KHONG-CO');
    await expect.poll(() => page.locator('#audience-units').textContent()).toContain('Không có mã: TH-KHONG-CO');
    expect(before).toMatch(/^\d+ đơn vị đang hoạt động phải nộp\.$/);
    await atBothWidths(page, 'admin-requirement');
    await page.goto(`${base}/admin/jobs`);
    await page.getByRole('button', { name: 'Chạy ngay digest' }).click();
    expect(await flash()).toContain('Đã chạy digest.');
    await atBothWidths(page, 'admin-jobs');

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const adminPage = await adminContext.newPage();
    await signInAs(adminPage, base, 'quantri');
    for (const [path, name] of [['/admin/staff', 'admin-staff'], ['/admin/tokens', 'admin-tokens'], ['/admin/audit', 'admin-audit']] as const) {
      await adminPage.goto(`${base}${path}`);
      await atBothWidths(adminPage, name);
    }
    expect(await adminPage.locator('main').textContent()).toContain('job.run');
    await adminContext.close();
    expect(refused).toEqual([]);
  });
});
