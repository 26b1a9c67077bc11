import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../../src/db/schema/index.js';
import { acknowledgeBroadcast } from '../../../src/domain/broadcast-status.js';
import { createDashboardUsers, DashboardClient } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { insertContact, insertUnit } from '../../helpers/people.js';
import { pdfBytes } from '../../helpers/sample-files.js';

let t: TestApp;
let staff: DashboardClient;
let unitIds: number[];
let contactIds: number[];

beforeEach(async () => {
  t = makeTestApp({ dashboard: true });
  createDashboardUsers(t.ctx);
  const a = insertUnit(t.db, { code: 'THPT-A', name: 'Trường THPT A', kind: 'truong_thpt' });
  const b = insertUnit(t.db, { code: 'PGD-B', name: 'Phòng GDĐT B', kind: 'phong_gddt' });
  unitIds = [a.id, b.id];
  contactIds = [
    insertContact(t.db, { platformUserId: 'tg-1', displayName: 'Cô Hoa', role: 'unit_contact', unitId: a.id }).id,
    insertContact(t.db, { platformUserId: 'za-2', channel: 'zalo', displayName: 'Thầy Nam', role: 'unit_contact', unitId: a.id }).id,
    insertContact(t.db, { platformUserId: 'tg-3', displayName: 'Anh Bình', role: 'unit_contact', unitId: b.id }).id,
  ];
  staff = new DashboardClient(t.app);
  await staff.signIn('lan');
  await staff.get('/broadcasts/new');
});
afterEach(() => t.close());

/** A multipart post like the compose form's. */
async function postMultipart(path: string, fields: Record<string, string | string[]>, file?: { name: string; bytes: Buffer }) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  if (file) body.set('attachment', new File([new Uint8Array(file.bytes)], file.name, { type: 'application/pdf' }));
  return staff.postMultipart(path, body);
}

describe('compose', () => {
  it('counts the audience per channel and previews Telegram (formatted, a button) and Zalo (plain, numbered choices) as the fields change', async () => {
    const res = await postMultipart('/broadcasts/preview', { text: '**Họp** lúc 8:00 tại [Sở](https://so.example.vn)', roles: 'unit_contact', unitKinds: 'truong_thpt', requireAck: '1' });
    expect(res.status).toBe(200);
    const parts = JSON.parse(res.text);
    expect(parts['audience-count'].text).toBe('Sẽ gửi đến 2 người: Telegram 1, Zalo 1, Trang thử 0.');
    expect(parts['preview-telegram'].html).toContain('<b>Họp</b> lúc 8:00 tại <a href="https://so.example.vn">Sở</a>');
    expect(parts['preview-telegram'].html).toContain('✅ Đã nhận');
    expect(parts['preview-zalo'].text).toBe('Họp lúc 8:00 tại Sở (https://so.example.vn)\n\n1. ✅ Đã nhận\n(Anh/chị trả lời bằng số thứ tự, hoặc gõ tên lựa chọn.)');

    const script = await postMultipart('/broadcasts/preview', { text: '<script>alert(1)</script>', roles: 'unit_contact', unitCodes: 'PGD-B, KHONG-CO' });
    const unsafe = JSON.parse(script.text);
    expect(unsafe['preview-telegram'].html).toContain('&lt;script&gt;');
    expect(unsafe['audience-count'].text).toContain('Chưa đếm được');
  });

  it('without JavaScript, "Đếm người nhận và xem trước" shows the same figures on the page', async () => {
    const page = await staff.get(`/broadcasts/new?text=${encodeURIComponent('_Nghiêng_')}&roles=unit_contact&unitCodes=PGD-B`);
    expect(page.text).toContain('Sẽ gửi đến 1 người: Telegram 1, Zalo 0, Trang thử 0.');
    expect(page.text).toContain('<i>Nghiêng</i>');
  });

  it('sends to the audience with an attachment and shows the progress; remind the ones who have not acknowledged; cancel what is left', async () => {
    const res = await postMultipart('/broadcasts', { title: 'Họp giao ban', text: 'Mời dự họp giao ban.', roles: 'unit_contact', requireAck: '1' }, { name: 'Giấy mời.pdf', bytes: pdfBytes() });
    expect(res.status).toBe(303);
    const id = Number(/\/broadcasts\/(\d+)/.exec(res.location!)![1]);
    const rows = t.db.select().from(outbox).all();
    expect(rows).toHaveLength(3);
    expect((rows[0]!.payload as { fileId?: number }).fileId).toBeGreaterThan(0);

    let page = await staff.get(`/broadcasts/${id}`);
    expect(page.text).toContain('Đang gửi thông báo đến 3 người.');
    expect(page.text).toContain('data-polling="1"');
    expect(page.text).toContain('Chờ gửi: <b>3</b>');

    // Two delivered, one acknowledges; the third is still queued.
    t.db.$client.prepare(`UPDATE outbox SET status = 'sent', sent_at = ? WHERE contact_id IN (?, ?)`).run(t.clock.now().getTime(), contactIds[0], contactIds[1]);
    acknowledgeBroadcast(t.ctx, { broadcastId: id, contactId: contactIds[0]! });
    page = await staff.get(`/broadcasts/${id}`);
    expect(page.text).toContain('Đã gửi: <b>2</b>');
    expect(page.text).toContain('Đã xác nhận: <b>1</b>');
    expect(page.text).toContain('Chưa xác nhận (2)');
    expect(page.text).toContain('Thầy Nam');

    await staff.post(`/broadcasts/${id}/remind`, {});
    page = await staff.get(`/broadcasts/${id}`);
    expect(page.text).toContain('Đã nhắc lại 1 người. 1 người chưa nhận được tin hoặc đã chặn bot.');
    const reminder = t.db.select().from(outbox).all().find((r) => r.dedupeKey.includes(':remind:'))!;
    expect(reminder.contactId).toBe(contactIds[1]);
    expect(reminder.broadcastId).toBeNull(); // not a delivery of its own
    expect((reminder.payload as { text: string }).text).toContain('🔔 Nhắc lại');
    await staff.post(`/broadcasts/${id}/remind`, {});
    expect((await staff.get(`/broadcasts/${id}`)).text).toContain('1 người vừa được nhắc trong phút này nên không nhắc lại.');

    await staff.post(`/broadcasts/${id}/cancel`, {});
    page = await staff.get(`/broadcasts/${id}`);
    expect(page.text).toContain('Đã hủy; 1 tin chưa gửi sẽ không gửi nữa.');
    expect(page.text).not.toContain('data-polling');
    expect((await staff.get('/broadcasts')).text).toContain('Họp giao ban');
  });

  it('refuses mistakes in Vietnamese and keeps what was typed', async () => {
    const none = await postMultipart('/broadcasts', { text: 'Nội dung giữ lại' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Anh/chị chọn ít nhất một nhóm người nhận.');
    expect(none.text).toContain('Nội dung giữ lại');
    const unknown = await postMultipart('/broadcasts', { text: 'x', roles: 'unit_contact', unitCodes: 'KHONG-CO' });
    expect(unknown.text).toContain('Không có đơn vị mã KHONG-CO.');
    const kinds = await postMultipart('/broadcasts', { text: 'x', roles: 'citizen', unitKinds: 'truong_thpt' });
    expect(kinds.text).toContain('hãy đánh dấu cả nhóm “Đầu mối đơn vị”');
    const past = await postMultipart('/broadcasts', { text: 'x', roles: 'unit_contact', scheduledAt: '2020-01-01T08:00' });
    expect(past.text).toContain('Giờ hẹn gửi chưa đúng hoặc đã qua.');
    const empty = await postMultipart('/broadcasts', { text: '  ', roles: 'unit_contact' });
    expect(empty.text).toContain('Anh/chị nhập nội dung thông báo');
    expect(t.db.select().from(outbox).all()).toHaveLength(0);
  });

  it('schedules for later; a viewer sees the list and progress but cannot compose, remind or cancel, nor read citizens’ names', async () => {
    const citizen = insertContact(t.db, { platformUserId: 'cz', displayName: 'Phụ huynh Kín', role: 'citizen' });
    t.db.$client.prepare(`INSERT INTO subscriptions (contact_id, topic, created_at) VALUES (?, 'tuyen-sinh', 0)`).run(citizen.id);
    const res = await postMultipart('/broadcasts', { text: 'Lịch tuyển sinh', roles: ['unit_contact', 'citizen'], requireAck: '1' });
    const id = Number(/\/broadcasts\/(\d+)/.exec(res.location!)![1]);
    expect((await staff.get(`/broadcasts/${id}`)).text).toContain('Phụ huynh Kín');
    const later = await postMultipart('/broadcasts', { text: 'Sau', roles: 'unit_contact', scheduledAt: '2026-05-20T08:00' });
    const laterId = Number(/\/broadcasts\/(\d+)/.exec(later.location!)![1]);
    expect((await staff.get(`/broadcasts/${laterId}`)).text).toContain('Sẽ gửi lúc 08:00 ngày 20/5/2026.');

    const viewer = new DashboardClient(t.app);
    await viewer.signIn('lanhdao');
    const page = await viewer.get(`/broadcasts/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Phụ huynh Kín');
    expect(page.text).toContain('Người dân (ẩn tên)');
    expect(page.text).not.toContain('Nhắc lại những người');
    expect((await viewer.get('/broadcasts/new')).status).toBe(403);
    expect((await viewer.post(`/broadcasts/${id}/cancel`, {})).status).toBe(403);
    expect(unitIds).toHaveLength(2);
  });
});
