import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contacts, outbox } from '../../../src/db/schema/index.js';
import { storeFile } from '../../../src/domain/files.js';
import { createSubmission, getSubmission } from '../../../src/domain/submissions.js';
import { createUnit } from '../../../src/domain/units.js';
import { requirementStatus } from '../../../src/domain/requirement-status.js';
import { createDashboardUsers, DashboardClient } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { insertContact } from '../../helpers/fixtures.js';
import { docxBytes, pdfBytes, pngBytes } from '../../helpers/sample-files.js';
import { createCampaign } from '../../../src/domain/campaigns.js';
import { createRequirement } from '../../../src/domain/requirements.js';

let t: TestApp;
let staff: DashboardClient;
let unitId: number;
let requirementId: number;
let contactId: number;

beforeEach(async () => {
  t = makeTestApp({ dashboard: true, env: { TELEGRAM_BOT_USERNAME: 'CauNoiSoGDBot' } });
  createDashboardUsers(t.ctx);
  unitId = createUnit(t.ctx, { code: 'THPT-XSS', name: 'Trường <script>window.hacked=1</script> THPT', kind: 'truong_thpt' }).id;
  contactId = insertContact(t.db, unitId, { name: 'Nguyễn Thị Hà' });
  const campaign = createCampaign(t.ctx, { title: 'Thực hiện “Năm Dân vận khéo” 2020', referenceNumber: '1234/KH-SGDĐT' });
  requirementId = createRequirement(t.ctx, campaign.id, {
    title: 'Báo cáo kết quả thực hiện “Năm Dân vận khéo”',
    kind: 'report',
    dueAt: '2026-05-23 17:00',
    formKey: 'bao-cao-dan-van-kheo',
    audience: { unitKinds: ['truong_thpt'] },
  }).id;
  staff = new DashboardClient(t.app);
  await staff.signIn('lan');
});
afterEach(() => t.close());

async function submitWithFiles() {
  const pdf = await storeFile(t.ctx, { bytes: pdfBytes(), originalName: 'Báo cáo dân vận khéo.pdf', source: 'telegram' });
  const png = await storeFile(t.ctx, { bytes: pngBytes(), originalName: 'Ảnh hoạt động.png', source: 'telegram' });
  const docx = await storeFile(t.ctx, { bytes: docxBytes(), originalName: 'Phụ lục số liệu.docx', source: 'telegram' });
  return createSubmission(t.ctx, {
    requirementId,
    unitId,
    channel: 'telegram',
    contactId,
    fileIds: [pdf.id, png.id],
    links: ['https://drive.google.com/file/d/abc/view'],
    answers: { so_hoat_dong: 12, mo_hinh_tieu_bieu: '<img src=x onerror="window.hacked=2">Trường học thân thiện', tep_bao_cao: { fileId: docx.id, name: docx.originalName } },
  });
}

describe('unit page', () => {
  it('shows details, contacts, submissions with previews, links and answers, and the chat timeline — HTML in names as text', async () => {
    const sub = await submitWithFiles();
    const page = await staff.get(`/units/${unitId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Trường &lt;script&gt;window.hacked=1&lt;/script&gt; THPT');
    expect(page.text).not.toContain('<script>window.hacked');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('Nguyễn Thị Hà');
    expect(page.text).toContain(`id="submission-${sub.id}"`);
    expect(page.text).toMatch(/<iframe class="preview" src="\/files\/\d+\?inline=1" title="Xem trước Báo cáo dân vận khéo.pdf"/);
    expect(page.text).toMatch(/<img class="preview" src="\/files\/\d+\?inline=1" alt="Ảnh “Ảnh hoạt động.png”"/);
    expect(page.text).toContain('Tải về “Phụ lục số liệu.docx”');
    expect(page.text).toContain('<dt>Số hoạt động, buổi tuyên truyền</dt><dd>12</dd>');
    expect(page.text).toContain('https://drive.google.com/file/d/abc/view');

    const files = getSubmission(t.ctx, sub.id).files;
    const pdf = await t.app.request(`/files/${files[0]!.id}?inline=1`, { headers: { cookie: `cn_session=${staff.cookies.get('cn_session')}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^inline; filename="Bao cao dan van kheo.pdf"/);
    expect(pdf.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(pdf.headers.get('content-security-policy')).not.toContain('sandbox');
    // A file that cannot be previewed asked for inline is still a sandboxed download.
    const docx = files.find((f) => f.originalName.endsWith('.docx'))!;
    const notPreviewable = await t.app.request(`/files/${docx.id}?inline=1`, { headers: { cookie: `cn_session=${staff.cookies.get('cn_session')}` } });
    expect(notPreviewable.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(notPreviewable.headers.get('content-security-policy')).toContain('sandbox');
    const download = await staff.get(`/files/${files[0]!.id}`);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''B%C3%A1o%20c%C3%A1o");
    expect((await new DashboardClient(t.app).get(`/files/${files[0]!.id}`)).status).toBe(303);
  });

  it('accepts or returns a submission; the unit\'s contacts are told in the chat and the requirement shows `returned`', async () => {
    const sub = await submitWithFiles();
    await staff.get(`/units/${unitId}`);
    const noReason = await staff.post(`/submissions/${sub.id}/review`, { state: 'returned', reason: '' });
    expect(noReason.status).toBe(303);
    expect((await staff.get(`/units/${unitId}`)).text).toContain('Anh/chị ghi lý do trả lại');
    await staff.post(`/submissions/${sub.id}/review`, { state: 'returned', reason: 'Thiếu chữ ký của thủ trưởng đơn vị' });
    const page = await staff.get(`/units/${unitId}`);
    expect(page.text).toContain(`Đã trả lại bài nộp ${sub.code}; đơn vị đã được báo lý do.`);
    expect(page.text).toContain('Lý do: Thiếu chữ ký của thủ trưởng đơn vị');
    expect(page.text).toContain('Nguyễn Thị Lan lúc');
    const told = t.db.select().from(outbox).where(eq(outbox.contactId, contactId)).all();
    expect(told).toHaveLength(1);
    expect((told[0]!.payload as { text: string }).text).toContain('Lý do: Thiếu chữ ký của thủ trưởng đơn vị');
    expect(requirementStatus(t.ctx, requirementId).items[0]!.status).toBe('returned');
    expect(getSubmission(t.ctx, sub.id).reviewedBy).toBeGreaterThan(0);
    expect(page.text).toContain('Kết quả duyệt'); // the timeline shows the message the bot sent

    await staff.post(`/submissions/${sub.id}/review`, { state: 'accepted' });
    expect(t.db.select().from(outbox).where(eq(outbox.contactId, contactId)).all()).toHaveLength(2);
    expect(requirementStatus(t.ctx, requirementId).items[0]!.status).toBe('submitted');
  });

  it('creates an invite with a QR code of the Telegram deep link and the Zalo text; revokes a contact', async () => {
    await staff.get(`/units/${unitId}`);
    const made = await staff.post(`/units/${unitId}/invites`, {});
    expect(made.status).toBe(303);
    const invite = await staff.get(made.location!);
    expect(invite.text).toMatch(/<svg[^>]*viewBox="0 0 \d+ \d+"/);
    expect(invite.text).toMatch(/https:\/\/t\.me\/CauNoiSoGDBot\?start=[A-Z0-9]{8}/);
    expect(invite.text).toContain('gửi mã');
    await staff.get(`/units/${unitId}`);
    expect(staff.lastHtml).toMatch(/Mã [A-Z0-9]{8}/);
    await staff.post(`/contacts/${contactId}/revoke`, {});
    expect((await staff.get(`/units/${unitId}`)).text).toContain('Đã thu hồi liên kết của Nguyễn Thị Hà.');
    expect(t.db.select().from(contacts).where(eq(contacts.id, contactId)).get()!.status).toBe('revoked');
  });

  it('a viewer sees the unit but cannot review, invite or revoke', async () => {
    const sub = await submitWithFiles();
    const viewer = new DashboardClient(t.app);
    await viewer.signIn('lanhdao');
    const page = await viewer.get(`/units/${unitId}`);
    expect(page.text).not.toContain('Tiếp nhận</button>');
    expect(page.text).not.toContain('Tạo mã mời');
    expect((await viewer.post(`/submissions/${sub.id}/review`, { state: 'accepted' })).status).toBe(403);
    expect((await viewer.post(`/units/${unitId}/invites`, {})).status).toBe(403);
    expect((await viewer.post(`/contacts/${contactId}/revoke`, {})).status).toBe(403);
    expect((await viewer.get('/units/424242')).status).toBe(404);
  });
});

