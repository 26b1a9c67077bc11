import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../../src/db/schema/index.js';
import { withActor } from '../../../src/domain/context.js';
import { createSavedReply } from '../../../src/domain/saved-replies.js';
import { addCitizenMessage, openTicket, type TicketKind } from '../../../src/domain/tickets.js';
import { createDashboardUsers, DashboardClient } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { readWorkbook } from '../../helpers/office-files.js';
import { insertContact } from '../../helpers/people.js';

let t: TestApp;
let staff: DashboardClient;
let users: ReturnType<typeof createDashboardUsers>;

beforeEach(async () => {
  t = makeTestApp({ dashboard: true, now: '2026-05-15T03:00:00Z' }); // Friday 10:00 in Vietnam
  users = createDashboardUsers(t.ctx);
  staff = new DashboardClient(t.app);
  await staff.signIn('lan');
});
afterEach(() => t.close());

let seq = 0;
function open(kind: TicketKind, text: string, name: string, channel: 'telegram' | 'zalo' = 'telegram') {
  const person = insertContact(t.db, { platformUserId: `p-${++seq}`, displayName: name, role: 'citizen', channel });
  return openTicket(withActor(t.ctx, { type: 'citizen', id: person.id, label: name }), { contactId: person.id, kind, text }).ticket;
}

const rowOf = (html: string, code: string) => html.split('<tr').find((r) => r.includes(code)) ?? '';

describe('inbox list', () => {
  it('lists tickets by next deadline with counts per view and kind; overdue in red, due today in amber; counts in the navigation', async () => {
    const old = open('question', 'Hỏi về chuyển trường giữa năm', 'Phụ huynh A');
    t.clock.advance(3 * 24 * 3600_000); // Monday 10:00
    const complaint = open('complaint', 'Khiếu nại kết quả phúc khảo', 'Phụ huynh B');
    t.clock.advance(4 * 24 * 3600_000); // Friday 10:00: the question is due now (5 working days)
    t.clock.advance(-60_000);
    const denunciation = open('denunciation', 'Tôi là Trần Văn Tố, tố cáo thu tiền sai quy định.', 'Trần Văn Tố');
    await staff.signIn('lan'); // a week later: a new session
    const page = await staff.get('/inbox');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Cần xử lý (3)');
    expect(page.text).toMatch(/Khiếu nại \(1\)/);
    expect(page.text).toContain('Đến hạn hôm nay (1)');
    expect(rowOf(page.text, old.code)).toContain('class="due-today"');
    expect(rowOf(page.text, old.code)).toContain('(hôm nay)');
    expect(page.text.indexOf(old.code)).toBeLessThan(page.text.indexOf(complaint.code)); // nearest deadline first
    expect(page.text).toContain('[nội dung tố cáo: chỉ quản trị viên được xem]');
    expect(page.text).not.toContain('Trần Văn Tố');
    expect(page.text).toMatch(/aria-label="3 phiếu cần xử lý"/);

    t.clock.advance(2 * 60_000);
    const later = await staff.get('/inbox?due=overdue');
    expect(rowOf(later.text, old.code)).toContain('class="due-overdue"');
    expect(later.text).not.toContain(complaint.code);
    expect(later.text).toMatch(/3 phiếu cần xử lý, 1 quá hạn/);
    expect((await staff.get('/inbox?kind=denunciation')).text).toContain(denunciation.code);
    expect((await staff.get('/inbox?kind=denunciation')).text).not.toContain(old.code);
    expect((await staff.get('/inbox?view=closed')).text).toContain('Không có phiếu nào.');
  });

  it('is for staff: a viewer gets a calm refusal and no inbox in the navigation', async () => {
    const viewer = new DashboardClient(t.app);
    await viewer.signIn('lanhdao');
    expect((await viewer.get('/')).text).not.toContain('href="/inbox"');
    const res = await viewer.get('/inbox');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Không có quyền');
  });
});

describe('one ticket', () => {
  it('replies (queued to the person on their channel), notes (never sent), assigns, closes and reopens', async () => {
    const ticket = open('question', 'Cho hỏi thủ tục cấp bản sao bằng tốt nghiệp', 'Nguyễn Văn Hỏi', 'zalo');
    const page = await staff.get(`/inbox/${ticket.id}`);
    expect(page.text).toContain('Người gửi: <b>Nguyễn Văn Hỏi</b> (Zalo)');

    const reply = await staff.post(`/inbox/${ticket.id}/reply`, { text: 'Anh/chị mang CCCD đến Sở, bộ phận một cửa.' });
    expect(reply.status).toBe(303);
    const sent = t.db.select().from(outbox).where(eq(outbox.channel, 'zalo')).all();
    expect(sent).toHaveLength(1);
    expect((sent[0]!.payload as { text: string }).text).toContain('Anh/chị mang CCCD đến Sở');

    await staff.post(`/inbox/${ticket.id}/note`, { text: 'Đã gọi điện xác nhận' });
    expect(t.db.select().from(outbox).all()).toHaveLength(1);
    await staff.post(`/inbox/${ticket.id}/assign`, { staffUserId: String(users.staff.id) });
    const after = await staff.get(`/inbox/${ticket.id}`);
    expect(after.text).toContain('Anh/chị đã nhận xử lý phiếu này.');
    expect(after.text).toContain('Nguyễn Thị Lan — ghi chú nội bộ, không gửi');
    expect(after.text).toContain('Đã trả lời');

    await staff.post(`/inbox/${ticket.id}/close`, { note: '' });
    expect((await staff.get(`/inbox/${ticket.id}`)).text).toContain('Mở lại phiếu');
    expect(t.db.select().from(outbox).all()).toHaveLength(2); // "phiếu đã đóng"
    const refused = await staff.post(`/inbox/${ticket.id}/reply`, { text: 'Bổ sung' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Phiếu đã đóng; mở lại phiếu trước khi trả lời');
    expect(refused.text).toMatch(/<textarea id="reply"[^>]*>Bổ sung<\/textarea>/); // what was typed is kept
    await staff.post(`/inbox/${ticket.id}/reopen`, {});
    expect((await staff.get(`/inbox/${ticket.id}`)).text).toContain('Đang xử lý');
  });

  it('keeps an empty reply calm and the typed text of a refused one; 404 for unknown tickets; CSRF checked', async () => {
    const ticket = open('feedback', 'Phản ánh về cổng trường', 'Lê Thị Phản');
    await staff.get(`/inbox/${ticket.id}`);
    const empty = await staff.post(`/inbox/${ticket.id}/reply`, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Anh/chị nhập nội dung');
    expect((await staff.get('/inbox/99999')).status).toBe(404);
    expect((await staff.get('/inbox/abc')).status).toBe(404);
    expect((await staff.post(`/inbox/${ticket.id}/note`, { text: 'x' }, { csrf: 'wrong' })).status).toBe(403);
  });

  it('fills a saved reply for the ticket: the name for a question, “anh/chị” for a denouncer below admin', async () => {
    createSavedReply(t.ctx, { title: 'Đã nhận', body: 'Kính gửi {tên}, Sở đã nhận phiếu {mã}, hạn trả lời {hạn}. Cán bộ: {cán bộ}.' });
    const q = open('question', 'Hỏi về học phí', 'Đỗ Văn Hoa');
    const d = open('denunciation', 'Tôi Bùi Thị Kín tố cáo...', 'Bùi Thị Kín');
    const page = await staff.get(`/inbox/${q.id}`);
    const id = /<option value="(\d+)" data-text/.exec(page.text)![1];
    const filled = await staff.get(`/inbox/${q.id}?mau=${id}`);
    expect(filled.text).toContain(`Kính gửi Đỗ Văn Hoa, Sở đã nhận phiếu ${q.code}, hạn trả lời 22/5/2026. Cán bộ: Nguyễn Thị Lan.`);
    const hidden = await staff.get(`/inbox/${d.id}?mau=${id}`);
    expect(hidden.text).toContain('Kính gửi anh/chị');
    expect(hidden.text).not.toContain('Bùi Thị Kín');
    expect(hidden.text).toContain('Danh tính người tố cáo và nội dung tố cáo được giữ bí mật');

    const admin = new DashboardClient(t.app);
    await admin.signIn('quantri');
    const asAdmin = await admin.get(`/inbox/${d.id}`);
    expect(asAdmin.text).toContain('Người gửi: <b>Bùi Thị Kín</b>');
    expect(asAdmin.text).toContain('Tôi Bùi Thị Kín tố cáo...');
  });

  it('manages saved replies and refuses an unknown field in Vietnamese', async () => {
    await staff.get('/inbox/saved-replies');
    const bad = await staff.post('/inbox/saved-replies', { title: 'Sai', body: 'Chào {ten}' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Mẫu có trường không dùng được: {ten}');
    expect(bad.text).toContain('Chào {ten}'); // nothing typed is lost
    await staff.post('/inbox/saved-replies', { title: 'Cảm ơn', body: 'Cảm ơn {tên}.' });
    const list = await staff.get('/inbox/saved-replies');
    expect(list.text).toContain('Đã thêm mẫu “Cảm ơn”.');
    const id = /action="\/inbox\/saved-replies\/(\d+)\/delete"/.exec(list.text)![1];
    await staff.post(`/inbox/saved-replies/${id}`, { title: 'Cảm ơn nhiều', body: 'Cảm ơn {tên} nhiều.' });
    expect((await staff.get('/inbox/saved-replies')).text).toContain('Cảm ơn nhiều');
    await staff.post(`/inbox/saved-replies/${id}/delete`, {});
    expect((await staff.get('/inbox/saved-replies')).text).toContain('Chưa có mẫu nào.');
  });

  it('shows the new citizen message as awaiting an answer', async () => {
    const ticket = open('question', 'Hỏi lịch thi', 'Hà');
    await staff.get(`/inbox/${ticket.id}`);
    await staff.post(`/inbox/${ticket.id}/reply`, { text: 'Lịch thi ngày 11/6.' });
    expect(rowOf((await staff.get('/inbox?view=all')).text, ticket.code)).not.toContain('chờ trả lời');
    addCitizenMessage(t.ctx, ticket.id, 'Cảm ơn, thi ở đâu ạ?');
    expect(rowOf((await staff.get('/inbox')).text, ticket.code)).toContain('chờ trả lời');
  });
});

describe('ticket register (XLSX)', () => {
  it('has code, kind, received, due, answered, closed and on time — people only when an admin asks', async () => {
    const q = open('question', 'Hỏi giờ làm việc', 'Người Hỏi');
    const d = open('denunciation', 'Tố cáo', 'Người Tố');
    await staff.get(`/inbox/${q.id}`);
    await staff.post(`/inbox/${q.id}/reply`, { text: 'Từ 7:00 đến 17:00.' });
    await staff.get('/inbox');
    const res = await t.app.request('/inbox/register.xlsx?from=2026-05-01&to=2026-05-31', { headers: { cookie: `cn_session=${staff.cookies.get('cn_session')}` } });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = await readWorkbook(await res.arrayBuffer());
    const sheet = book.getWorksheet('Sổ theo dõi')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Mã phiếu', 'Loại', 'Tóm tắt', 'Trạng thái', 'Nhận lúc', 'Hạn thụ lý', 'Hạn giải quyết', 'Trả lời lúc', 'Đóng lúc', 'Đúng hạn']);
    expect(sheet.getRow(2).getCell(1).value).toBe(q.code);
    expect(sheet.getRow(2).getCell(5).value).toEqual(new Date('2026-05-15T10:00:00Z')); // the office's wall clock
    expect(sheet.getRow(2).getCell(10).value).toBe('Đúng hạn');
    expect(sheet.getRow(3).getCell(1).value).toBe(d.code);
    expect(sheet.getRow(3).getCell(10).value).toBe('Chưa đến hạn');

    // Staff cannot ask for the people; an admin can, and it is audited.
    const refused = await staff.get('/inbox/register.xlsx?from=2026-05-01&to=2026-05-31&requesters=1');
    expect(refused.status).toBe(303);
    const admin = new DashboardClient(t.app);
    await admin.signIn('quantri');
    const withPeople = await t.app.request('/inbox/register.xlsx?from=2026-05-01&to=2026-05-31&requesters=1', { headers: { cookie: `cn_session=${admin.cookies.get('cn_session')}` } });
    const peopleSheet = (await readWorkbook(await withPeople.arrayBuffer())).getWorksheet('Sổ theo dõi')!;
    expect(peopleSheet.getRow(3).getCell(11).value).toBe('Người Tố (telegram)');
    const audit = await t.request('GET', '/api/v1/audit-log?action=ticket.export_requesters', { as: 'admin' });
    expect(audit.json.items).toHaveLength(1);

    const bad = await staff.get('/inbox/register.xlsx?from=&to=2026-05-31');
    expect(bad.status).toBe(303);
    expect((await staff.get('/inbox')).text).toContain('Anh/chị chọn ngày bắt đầu và ngày kết thúc');
  });
});
