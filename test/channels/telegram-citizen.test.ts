import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser, SentMessage } from '../fakes/telegram-bot-api.js';
import { startHarness, type Harness } from '../helpers/service.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const parent: FakeUser = { id: 5553001, firstName: 'Lan', lastName: 'Trần' };

/** Sends text and returns the bot's messages that follow (at least `count`). */
async function send(user: FakeUser, text: string, count = 1): Promise<SentMessage[]> {
  const before = h.fake.sentMessages(user.id).length;
  if (text.startsWith('/')) {
    const [command, ...rest] = text.split(' ');
    await h.fake.userSendsCommand(user, command!, rest.join(' ') || undefined);
  } else await h.fake.userSendsText(user, text);
  return (await h.fake.waitForMessages(user.id, before + count)).slice(before);
}

async function press(user: FakeUser, data: string, count = 1): Promise<SentMessage[]> {
  const before = h.fake.sentMessages(user.id).length;
  const last = [...h.fake.sentMessages(user.id)].reverse().find((m) => m.buttons.flat().some((b) => b.callback_data === data))!;
  await h.fake.userPressesButton(user, last, data);
  return (await h.fake.waitForMessages(user.id, before + count)).slice(before);
}

const labels = (m: SentMessage) => m.buttons.flat().map((b) => b.text);

describe('parents and citizens on Telegram', () => {
  it('/start shows the personal-data notice once and the citizen menu', async () => {
    const [notice, menu] = await send(parent, '/start', 2);
    expect(notice!.text).toMatch(/Luật Bảo vệ dữ liệu cá nhân.*“xóa dữ liệu”/s);
    expect(menu!.text).toContain('trợ lý tự động của Sở');
    expect(labels(menu!)).toEqual(['❓ Hỏi về thủ tục', '📚 Thủ tục theo chủ đề', '✉️ Gửi phản ánh, khiếu nại', '🔎 Tra cứu phiếu', '🔔 Theo dõi thông báo']);
    const [again] = await send(parent, '/start');
    expect(again!.text).not.toContain("“xóa dữ liệu”");
    expect(labels(again!)).toContain('🔎 Tra cứu phiếu');
  });

  it('answers a question typed without diacritics and in teen-code: title, answer, legal basis, source, "Có giúp ích không?" with 👍/👎', async () => {
    await send(parent, '/start', 2);
    const [answer] = await send(parent, 'hoc phi nam nay co mien ko ad');
    expect(answer!.text).toContain('📘 Học phí trường công lập từ năm học 2025–2026');
    expect(answer!.text).toContain('miễn học phí');
    expect(answer!.text).toContain('Căn cứ: Nghị quyết 217/2025/QH15');
    expect(answer!.text).toContain('Nguồn: https://');
    expect(answer!.text).toContain('Thông tin được kiểm tra ngày 25/11/2026');
    expect(answer!.text).toContain('Có giúp ích không?');
    expect(labels(answer!).slice(0, 2)).toEqual(['👍 Có', '👎 Không']);

    // 👎 joins the gaps list and offers to ask staff.
    const [sorry] = await press(parent, answer!.buttons[0]![1]!.callback_data!);
    expect(sorry!.text).toContain('chuyển câu hỏi cho cán bộ');
    const gaps = await h.api('GET', '/api/v1/faqs/gaps');
    expect(gaps.json.items[0]).toMatchObject({ notHelpful: 1, example: 'hoc phi nam nay co mien ko ad' });
  });

  it('works with typed numbers instead of buttons (Zalo has none)', async () => {
    await send(parent, '/start', 2);
    const [topics] = await send(parent, '2');
    expect(topics!.text).toBe('Chọn chủ đề:');
    const index = labels(topics!).findIndex((l) => l.startsWith('Văn bằng'));
    const [entries] = await send(parent, String(index + 1));
    expect(entries!.text).toContain('văn bằng, chứng chỉ');
    const [answer] = await send(parent, '1');
    expect(answer!.text).toMatch(/^📘 /);
  });

  it('answers greetings and thanks like a person, not with a procedure', async () => {
    await send(parent, '/start', 2);
    const [hello] = await send(parent, 'chào ad ạ');
    expect(hello!.text).toContain('Chào anh/chị');
    const [thanks] = await send(parent, 'cảm ơn nhiều nha');
    expect(thanks!.text).toContain('không có gì');
    expect(thanks!.text).not.toContain('📘');
  });

  it('does not guess without a confident answer, forwards the question to staff with a tracking code, and carries the answer back; the next message joins the thread', async () => {
    await send(parent, '/start', 2);
    const [unsure] = await send(parent, 'Cho hỏi lương giáo viên năm nay tăng bao nhiêu?');
    expect(unsure!.text).toMatch(/chưa chắc|chưa có câu trả lời chắc chắn/);
    expect(unsure!.text).not.toContain('📘');
    expect(labels(unsure!)).toContain('✉️ Chuyển câu hỏi cho cán bộ');
    const [opened] = await press(parent, 'c:fwd');
    const code = /Mã phiếu: (HD-2026-\d{6})/.exec(opened!.text)![1]!;
    expect(opened!.text).toContain('Hạn giải quyết: 22/5/2026'); // 5 working days from Friday 15/5

    const list = await h.api('GET', '/api/v1/tickets?status=new');
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).toMatchObject({ code, kind: 'question', firstMessage: 'Cho hỏi lương giáo viên năm nay tăng bao nhiêu?' });
    const id = list.json.items[0].id;

    const reply = await h.api('POST', `/api/v1/tickets/${id}/replies`, { text: 'Mức lương mới áp dụng từ 1/7, chi tiết xem thông báo của Sở Nội vụ.' });
    expect(reply.status).toBe(201);
    const answer = await h.fake.waitForText(parent.id, /Sở Giáo dục và Đào tạo trả lời/);
    expect(answer.text).toContain(`phiếu ${code}`);
    expect(answer.text).toContain('Mức lương mới áp dụng từ 1/7');

    const [added] = await send(parent, 'Vậy giáo viên hợp đồng có được tăng không ạ?');
    expect(added!.text).toContain(`Đã chuyển tin nhắn vào phiếu ${code}`);
    const detail = await h.api('GET', `/api/v1/tickets/${id}`);
    expect(detail.json.messages.map((m: any) => m.author)).toEqual(['citizen', 'staff', 'citizen']);
    expect(detail.json.status).toBe('new');

    // /tracuu: the owner sees the status, a stranger is refused without learning anything.
    const [mine] = await send(parent, `/tracuu ${code}`);
    expect(mine!.text).toContain(`Phiếu ${code} (câu hỏi)`);
    const stranger: FakeUser = { id: 5553999, firstName: 'Khách' };
    const [, refused] = await send(stranger, `/tracuu ${code}`, 2);
    expect(refused!.text).toContain(`Không tìm thấy phiếu ${code} trong các phiếu anh/chị đã gửi`);
    expect(refused!.text).not.toContain('câu hỏi');
  });

  it('takes a complaint with its legal time limits and closes it with a message to the person', async () => {
    await send(parent, '/start', 2);
    const [kinds] = await send(parent, '3');
    expect(labels(kinds!)).toEqual(['📝 Phản ánh, kiến nghị', '⚖️ Khiếu nại', '🚨 Tố cáo']);
    const [ask] = await press(parent, 'tk:complaint');
    expect(ask!.text).toContain('90 ngày');
    const [opened] = await send(parent, 'Tôi khiếu nại quyết định kỷ luật con tôi ngày 10/5 của trường THCS A.');
    expect(opened!.text).toMatch(/Mã phiếu: KN-2026-\d{6}/);
    expect(opened!.text).toContain('thông báo thụ lý chậm nhất ngày 25/5/2026');
    expect(opened!.text).toContain('Hạn giải quyết: 24/6/2026');
    const { json } = await h.api('GET', '/api/v1/tickets?kind=complaint');
    const closed = await h.api('POST', `/api/v1/tickets/${json.items[0].id}/close`, { note: 'Đã giải quyết tại trường.' });
    expect(closed.json.status).toBe('closed');
    await h.fake.waitForText(parent.id, /đã được đóng/);
  });

  it('follows announcement topics and stops them all with one command', async () => {
    await send(parent, '/start', 2);
    const [topics] = await press(parent, 'c:follow');
    expect(labels(topics!)).toContain('➕ Tuyển sinh');
    const [on] = await press(parent, 'sub:tuyen-sinh');
    expect(on!.text).toContain('Đã theo dõi: Tuyển sinh');
    expect(labels(on!)).toContain('✅ Tuyển sinh');
    const preview = await h.api('POST', '/api/v1/broadcasts/preview', { audience: { roles: ['citizen'], topics: ['tuyen-sinh'] } });
    expect(preview.json.total).toBe(1);
    const [off] = await send(parent, '/huytheodoi');
    expect(off!.text).toContain('Đã bỏ theo dõi tất cả (1 chủ đề)');
    expect((await h.api('POST', '/api/v1/broadcasts/preview', { audience: { roles: ['citizen'], topics: ['tuyen-sinh'] } })).json.total).toBe(0);
  });

  it('deletes the person’s data on request, except an open complaint the law requires to keep', async () => {
    await send(parent, '/start', 2);
    await send(parent, 'học phí năm nay có miễn không');
    await press(parent, 'c:ticket');
    await press(parent, 'tk:complaint');
    const [opened] = await send(parent, 'Tôi khiếu nại việc trường thu tiền học thêm.');
    const code = /Mã phiếu: (KN-2026-\d{6})/.exec(opened!.text)![1]!;
    await press(parent, 'c:ask');
    await send(parent, 'luong giao vien tang bao nhieu');
    await press(parent, 'c:fwd');

    const [ask] = await send(parent, '/xoadulieu');
    expect(ask!.text).toContain('Khiếu nại và tố cáo chưa giải quyết xong được giữ lại');
    const [done] = await press(parent, 'priv:erase');
    expect(done!.text).toContain(`trừ những gì pháp luật yêu cầu giữ cho phiếu đang giải quyết: ${code}`);

    const tickets = (await h.api('GET', '/api/v1/tickets')).json.items;
    const question = tickets.find((t: any) => t.kind === 'question');
    expect(question.firstMessage).toBe('[đã xóa theo yêu cầu của người gửi]');
    expect((await h.api('GET', `/api/v1/tickets/${question.id}`)).json.requester).toBeNull();
    const complaint = tickets.find((t: any) => t.kind === 'complaint');
    expect(complaint.firstMessage).toContain('thu tiền học thêm');
    expect((await h.api('GET', `/api/v1/tickets/${complaint.id}`)).json.requester.displayName).toBe('Lan Trần');
    expect((await h.api('GET', '/api/v1/faqs/gaps')).json.total).toBe(0);

    // Once the complaint is closed, a second request removes the rest: the contact is anonymised.
    await h.api('POST', `/api/v1/tickets/${complaint.id}/close`, {});
    await h.fake.waitForText(parent.id, /đã được đóng/);
    await send(parent, '/xoadulieu');
    const [gone] = await press(parent, 'priv:erase');
    expect(gone!.text).toContain('Đã xóa dữ liệu cá nhân của anh/chị');
    const contacts = await h.api('GET', '/api/v1/contacts?role=citizen');
    expect(contacts.json.items.map((c: any) => c.displayName)).not.toContain('Lan Trần');
    expect((await h.api('GET', `/api/v1/tickets/${complaint.id}`)).json.requester).toBeNull();
  });

  it('gives one person flooding the bot one calm "xin chờ" and no more replies for a while; others are answered meanwhile', async () => {
    await send(parent, '/start', 2);
    const before = h.fake.sentMessages(parent.id).length;
    for (let i = 0; i < 24; i++) await h.fake.userSendsText(parent, `chào ${i}`);
    await h.fake.waitForText(parent.id, /gửi nhiều tin nhắn quá nhanh/);
    const other: FakeUser = { id: 5553777, firstName: 'Bình' };
    const [, reply] = await send(other, 'chuyen truong cap 3 can giay to gi', 2);
    expect(reply!.text).toContain('📘');
    // /start counts as one of the 20 a minute: 19 answers, then one "xin chờ", then silence.
    const flood = (await h.fake.waitForMessages(parent.id, before + 20)).slice(before);
    await h.service.inbox.idle();
    const queued = h.service.db.$client.prepare(`SELECT count(*) AS n FROM outbox WHERE chat_id = ?`).get(String(parent.id)) as { n: number };
    expect(queued.n).toBe(before + 20);
    expect(flood.filter((m) => m.text.includes('quá nhanh'))).toHaveLength(1);
    expect(flood.at(-1)!.text).toContain('quá nhanh');
    // Every message is still stored for staff.
    const inbound = h.service.db.$client.prepare(`SELECT count(*) AS n FROM inbound_updates WHERE chat_id = ? AND status = 'done'`).get(String(parent.id)) as { n: number };
    expect(inbound.n).toBe(25);
    const stored = await h.api('GET', '/api/v1/contacts?role=citizen');
    expect(stored.json.items.length).toBe(2);

    h.clock.advance(3 * 60_000);
    const [back] = await send(parent, 'cảm ơn');
    expect(back!.text).toContain('không có gì');
  });
});
