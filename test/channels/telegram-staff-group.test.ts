import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser, SentMessage } from '../fakes/telegram-bot-api.js';
import { startHarness, type Harness } from '../helpers/service.js';

const GROUP = -1001234567890;
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ env: { TELEGRAM_STAFF_CHAT_ID: String(GROUP) } });
});
afterEach(async () => {
  await h.close();
});

const parent: FakeUser = { id: 5554001, firstName: 'Hoa', lastName: 'Lê', username: 'hoa_le' };
const staffer: FakeUser = { id: 5554100, firstName: 'Hùng', lastName: 'Nguyễn' };

async function forwardQuestion(text: string): Promise<{ code: string; post: SentMessage }> {
  const before = h.fake.sentMessages(parent.id).length;
  await h.fake.userSendsText(parent, text);
  const unsure = await h.fake.waitForText(parent.id, /không muốn đoán sai|chưa chắc/);
  await h.fake.userPressesButton(parent, unsure, 'c:fwd');
  const opened = (await h.fake.waitForText(parent.id, /Mã phiếu: HD-/));
  expect(h.fake.sentMessages(parent.id).length).toBeGreaterThan(before);
  const code = /Mã phiếu: (HD-\d{4}-\d{6})/.exec(opened.text)![1]!;
  const post = await h.fake.waitForText(GROUP, code);
  return { code, post };
}

async function inGroup(user: FakeUser, text: string, replyTo?: SentMessage): Promise<SentMessage> {
  const before = h.fake.sentMessages(GROUP).length;
  await h.fake.userSendsInGroup(user, GROUP, text, { replyTo });
  return (await h.fake.waitForMessages(GROUP, before + 1))[before]!;
}

describe('the staff Telegram group (TELEGRAM_STAFF_CHAT_ID)', () => {
  it('gets each new ticket without the person; a reply to the post reaches the person as the Department’s answer, recorded with who wrote it; /dong closes', async () => {
    const { code, post } = await forwardQuestion('Cho hỏi lương giáo viên năm nay tăng bao nhiêu?');
    expect(post.text).toContain(`🆕 Phiếu ${code} — câu hỏi`);
    expect(post.text).toContain('lương giáo viên');
    for (const secret of ['Hoa', 'Lê', 'hoa_le', String(parent.id)]) expect(post.text).not.toContain(secret);

    const ok = await inGroup(staffer, 'Chào chị, lương tăng theo lương cơ sở từ 1/7.', post);
    expect(ok.text).toBe(`✅ Đã gửi câu trả lời cho người hỏi (phiếu ${code}).`);
    const answer = await h.fake.waitForText(parent.id, /Sở Giáo dục và Đào tạo trả lời/);
    expect(answer.text).toContain('lương tăng theo lương cơ sở từ 1/7');

    const { json: list } = await h.api('GET', `/api/v1/tickets?status=answered`);
    const detail = await h.api('GET', `/api/v1/tickets/${list.items[0].id}`);
    expect(detail.json.messages[1]).toMatchObject({ author: 'staff', authorLabel: 'Hùng Nguyễn (nhóm cán bộ)', body: 'Chào chị, lương tăng theo lương cơ sở từ 1/7.' });

    // The person writes more: the group sees it, and can answer that post too.
    await h.fake.userSendsText(parent, 'Còn giáo viên hợp đồng thì sao ạ?');
    const followUp = await h.fake.waitForText(GROUP, /người hỏi nhắn thêm/);
    expect(followUp.text).toContain('giáo viên hợp đồng');
    await inGroup(staffer, 'Giáo viên hợp đồng theo hợp đồng đã ký.', followUp);
    await h.fake.waitForText(parent.id, /theo hợp đồng đã ký/);

    const closed = await inGroup(staffer, '/dong', post);
    expect(closed.text).toBe(`✅ Đã đóng phiếu ${code} và báo cho người hỏi.`);
    await h.fake.waitForText(parent.id, /đã được đóng/);
    expect((await h.api('GET', `/api/v1/tickets/${list.items[0].id}`)).json.status).toBe('closed');
    expect((await inGroup(staffer, `/dong ${code}`)).text).toContain('đã đóng trước đó');
  });

  it('records a linked staff member as their staff user', async () => {
    const user = await h.api('POST', '/api/v1/staff-users', { username: 'lan', displayName: 'Nguyễn Thị Lan', role: 'staff' });
    const invite = await h.api('POST', `/api/v1/staff-users/${user.json.id}/invites`, {});
    const lan: FakeUser = { id: 5554200, firstName: 'Lan' };
    await h.fake.userSendsCommand(lan, '/start', invite.json.code);
    await h.fake.waitForText(lan.id, /cán bộ của Sở/);
    const { post } = await forwardQuestion('thu tuc xin visa du hoc uc');
    await inGroup(lan, 'Việc này do Đại sứ quán Úc giải quyết.', post);
    await h.fake.waitForText(parent.id, /Đại sứ quán Úc/);
    const { json } = await h.api('GET', '/api/v1/tickets?status=answered');
    const detail = await h.api('GET', `/api/v1/tickets/${json.items[0].id}`);
    expect(detail.json.messages[1]).toMatchObject({ authorLabel: 'Nguyễn Thị Lan', staffUserId: user.json.id });
  });

  it('announces a denunciation without its content or the denouncer, and refuses to answer it from the group', async () => {
    await h.fake.userSendsCommand(parent, '/start');
    await h.fake.waitForMessages(parent.id, 2);
    await h.fake.userSendsText(parent, '3');
    const kinds = await h.fake.waitForText(parent.id, /loại nào/);
    await h.fake.userPressesButton(parent, kinds, 'tk:denunciation');
    await h.fake.waitForText(parent.id, /giữ bí mật/);
    await h.fake.userSendsText(parent, 'Tôi là Lê Thị Hoa, 12 Trần Hưng Đạo, tố cáo hiệu trưởng trường X nhận tiền.');
    const opened = await h.fake.waitForText(parent.id, /Mã phiếu: TC-/);
    const code = /Mã phiếu: (TC-\d{4}-\d{6})/.exec(opened.text)![1]!;
    const post = await h.fake.waitForText(GROUP, code);
    expect(post.text).toContain('giữ bí mật');
    for (const secret of ['Hoa', 'Trần Hưng Đạo', 'hiệu trưởng', String(parent.id)]) expect(post.text).not.toContain(secret);
    expect((await inGroup(staffer, 'Ai đấy?', post)).text).toContain('xử lý trên trang quản trị');
    // Nor does the person's timeline or the stored update keep the text: only the ticket does.
    const db = h.service.db.$client;
    const timeline = db.prepare(`SELECT text FROM timeline_messages`).all() as { text: string }[];
    expect(timeline.map((r) => r.text).join('\n')).not.toContain('Trần Hưng Đạo');
    const updates = db.prepare(`SELECT payload FROM inbound_updates`).all() as { payload: string }[];
    expect(updates.map((r) => r.payload).join('\n')).not.toContain('Trần Hưng Đạo');
  });

  it('ignores every other group, and group chatter that is not a reply to the bot', async () => {
    await h.fake.userSendsInGroup(staffer, -1009999999999, '/dong HD-2026-000001');
    await h.fake.userSendsInGroup(staffer, GROUP, 'chào cả nhà');
    await h.fake.userSendsText(parent, '/start');
    await h.fake.waitForMessages(parent.id, 2);
    await h.service.inbox.idle();
    expect(h.fake.sentMessages(-1009999999999)).toHaveLength(0);
    expect(h.fake.sentMessages(GROUP)).toHaveLength(0);
    const stored = h.service.db.$client.prepare(`SELECT count(*) AS n FROM inbound_updates WHERE chat_id LIKE '-%'`).get() as { n: number };
    expect(stored.n).toBe(0);
  });
});
