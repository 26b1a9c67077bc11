import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, outbox } from '../../../src/db/schema/index.js';
import { listRequirements } from '../../../src/domain/requirements.js';
import { createSubmission } from '../../../src/domain/submissions.js';
import { findUnitByCode } from '../../../src/domain/units.js';
import { seedDemoData } from '../../../src/demo/seed.js';
import { createDashboardUsers, DashboardClient } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let planId: number;
let staff: DashboardClient;

/** Rows of the units table, as text per row. */
const rows = (html: string) => [...html.matchAll(/<tbody>(.*?)<\/tbody>/gs)].flatMap((m) => [...m[1]!.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((r) => r[1]!));
const unitId = (code: string) => findUnitByCode(t.ctx, code)!.id;

beforeEach(async () => {
  // 10:00 in Vietnam, outside quiet hours; the demo plan was due 4 days ago.
  t = makeTestApp({ dashboard: true, now: '2026-05-15T03:00:00Z' });
  seedDemoData(t.ctx);
  createDashboardUsers(t.ctx);
  planId = listRequirements(t.ctx, { limit: 10, offset: 0 }).items.find((r) => r.kind === 'plan')!.id;
  staff = new DashboardClient(t.app);
  await staff.signIn('lan');
});
afterEach(() => t.close());

describe('requirement page', () => {
  it('lists every unit of the audience; filters by status, kind and parent; searches without diacritics; sorts', async () => {
    const all = await staff.get(`/requirements/${planId}`);
    expect(all.status).toBe(200);
    expect(all.text).toContain('<h1>Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị</h1>');
    const total = rows(all.text).length;
    expect(total).toBeGreaterThan(40);
    expect(all.text).toContain(`${total} / ${total} đơn vị`);

    const late = rows((await staff.get(`/requirements/${planId}?status=late`)).text);
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(total);
    expect(late.every((r) => /Quá hạn, chưa nộp|Nộp trễ/.test(r))).toBe(true);

    const search = rows((await staff.get(`/requirements/${planId}?q=chau%20doc`)).text);
    expect(search.length).toBe(1);
    expect(search[0]).toContain('Phòng Giáo dục và Đào tạo thành phố Châu Đốc');

    const kind = rows((await staff.get(`/requirements/${planId}?kind=phong_gddt`)).text);
    expect(kind.length).toBe(11);
    const parent = rows((await staff.get(`/requirements/${planId}?parent=${unitId('SGDDT')}&kind=trung_tam`)).text);
    expect(parent.length).toBe(2);

    const byDaysLate = await staff.get(`/requirements/${planId}?sort=daysLate&dir=desc`);
    expect(byDaysLate.text).toContain('aria-sort="descending"');
    const firstRow = rows(byDaysLate.text)[0]!;
    expect(firstRow).toMatch(/<td class="num">[1-9]\d*<\/td>/);
    // Nonsense in the query string is ignored, not an error.
    expect((await staff.get(`/requirements/${planId}?status=xyz&sort=<script>&parent=abc`)).status).toBe(200);
    expect((await staff.get('/requirements/99999')).status).toBe(404);
  });

  it('reminds one unit now through the outbox, recorded with the staff member, never twice within a minute', async () => {
    const cp = unitId('PGD-CP'); // nothing sent, has a contact
    await staff.get(`/requirements/${planId}`);
    const res = await staff.post(`/requirements/${planId}/remind`, { unitId: String(cp) });
    expect(res.status).toBe(303);
    const page = await staff.get(res.location!);
    expect(page.text).toContain('Đã gửi nhắc cho 1 đơn vị (1 tin nhắn).');
    const sent = t.db.select().from(outbox).where(eq(outbox.chatId, 'demo-pgd-cp')).all();
    expect(sent).toHaveLength(1);
    expect((sent[0]!.payload as { text: string }).text).toContain('⚠️ Nhắc nộp bài — đã quá hạn');
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'requirement.remind_now')).all();
    expect(audit[0]).toMatchObject({ actorType: 'staff_user', actorLabel: 'lan' });

    await staff.post(`/requirements/${planId}/remind`, { unitId: String(cp) });
    expect((await staff.get(`/requirements/${planId}`)).text).toContain('vừa được nhắc chưa đầy 1 phút trước');
    expect(t.db.select().from(outbox).where(eq(outbox.chatId, 'demo-pgd-cp')).all()).toHaveLength(1);
    t.clock.advance(61_000);
    await staff.post(`/requirements/${planId}/remind`, { unitId: String(cp) });
    expect(t.db.select().from(outbox).where(eq(outbox.chatId, 'demo-pgd-cp')).all()).toHaveLength(2);
  });

  it('reminds every unit that has not sent, and says which ones nobody can receive', async () => {
    const page = await staff.get(`/requirements/${planId}`);
    const owing = Number(/Nhắc tất cả đơn vị chưa nộp \((\d+)\)/.exec(page.text)![1]);
    expect(owing).toBeGreaterThan(3);
    await staff.post(`/requirements/${planId}/remind-all`, {});
    const after = await staff.get(`/requirements/${planId}`);
    expect(after.text).toContain(`Đã gửi nhắc cho ${owing} đơn vị`);
    expect(after.text).toMatch(/\d+ đơn vị chưa có đầu mối nhận tin trên Cầu Nối — cần gọi điện\./);
  });

  it('extends one unit\'s deadline with a reason: its status, on-time flag and the table follow the new date', async () => {
    const cp = unitId('PGD-CP');
    const form = await staff.get(`/requirements/${planId}/units/${cp}/extend`);
    expect(form.text).toContain('Gia hạn cho Phòng Giáo dục và Đào tạo huyện Châu Phú');
    const noReason = await staff.post(`/requirements/${planId}/units/${cp}/extend`, { date: '2026-05-20', time: '17:00', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Anh/chị ghi lý do gia hạn.');
    const tooEarly = await staff.post(`/requirements/${planId}/units/${cp}/extend`, { date: '2026-05-01', time: '17:00', reason: 'Ốm' });
    expect(tooEarly.text).toContain('Hạn mới phải sau hạn chung');
    const ok = await staff.post(`/requirements/${planId}/units/${cp}/extend`, { date: '2026-05-20', time: '17:00', reason: 'Đơn vị đang sáp nhập, xin thêm thời gian' });
    expect(ok.status).toBe(303);
    const page = await staff.get(`/requirements/${planId}?q=chau%20phu&kind=phong_gddt`);
    expect(page.text).toContain('Đã gia hạn cho Phòng Giáo dục và Đào tạo huyện Châu Phú đến 17:00 ngày 20/5/2026.');
    const [row] = rows(page.text);
    expect(row).toContain('Chưa nộp');
    expect(row).toContain('17:00 ngày 20/5/2026<b> (gia hạn)</b>');
    const sub = createSubmission(t.ctx, { requirementId: planId, unitId: cp, channel: 'api', links: ['https://example.vn/ke-hoach.pdf'] });
    expect(sub.onTime).toBe(true);
    expect(rows((await staff.get(`/requirements/${planId}?q=chau%20phu&kind=phong_gddt`)).text)[0]).toContain('Đã nộp đúng hạn');
  });

  it('a viewer sees the table but no actions, and is refused with a Vietnamese page when trying one', async () => {
    const viewer = new DashboardClient(t.app);
    await viewer.signIn('lanhdao');
    const page = await viewer.get(`/requirements/${planId}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Nhắc ngay');
    expect(page.text).not.toContain('Nhắc tất cả');
    const refused = await viewer.post(`/requirements/${planId}/remind-all`, {});
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Không có quyền');
    expect((await viewer.get(`/requirements/${planId}/units/${unitId('PGD-CP')}/extend`)).status).toBe(403);
    expect(t.db.select().from(outbox).all()).toHaveLength(0);
  });
});
