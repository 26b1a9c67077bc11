import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, seedPlan, type Harness } from '../helpers/service.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2000, 32), Buffer.from('\n%%EOF\n')]);
const teacher = { id: 5551001, firstName: 'Thu', lastName: 'Hà' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function link(code: string) {
  await h.fake.userSendsCommand(teacher, '/start', code);
  return h.fake.waitForText(teacher.id, /liên kết với đơn vị/);
}

/** Sends text and waits for the bot's next message to that chat. */
async function ask(text: string) {
  const before = h.fake.sentMessages(teacher.id).length;
  await h.fake.userSendsText(teacher, text);
  const all = await h.fake.waitForMessages(teacher.id, before + 1);
  return all[before]!;
}

async function press(data: string) {
  const before = h.fake.sentMessages(teacher.id).length;
  const last = h.fake.lastMessageTo(teacher.id)!;
  await h.fake.userPressesButton(teacher, last, data);
  const all = await h.fake.waitForMessages(teacher.id, before + 1);
  return all[before]!;
}

describe('unit contact journey on Telegram', () => {
  it('links with a good code and names the unit; a wrong or used code is refused and creates nothing', async () => {
    const { code } = await seedPlan(h);
    const stranger = { id: 5559999, firstName: 'Lạ' };
    await h.fake.userSendsCommand(stranger, '/start', 'ZZZZZZZZ');
    const refused = await h.fake.waitForText(stranger.id, /Mã liên kết không đúng/);
    expect(refused.text).toContain('Mã liên kết không đúng');
    expect((await h.api('GET', '/api/v1/contacts')).json.total).toBe(0);

    const ok = await link(code);
    expect(ok.text).toContain('Trường THPT Thử Nghiệm');
    const contacts = await h.api('GET', '/api/v1/contacts');
    expect(contacts.json.items[0]).toMatchObject({ role: 'unit_contact', channel: 'telegram' });

    await h.fake.userSendsCommand(stranger, '/start', code);
    const used = await h.fake.waitForText(stranger.id, /đã được sử dụng/);
    expect(used.text).toContain('Mỗi mã chỉ dùng một lần');
  });

  it('sets the Vietnamese command list', async () => {
    await h.fake.waitForCalls('setMyCommands', 2);
    const commands = h.fake.commandsFor(undefined, 'vi') as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(['status', 'nop', 'huy', 'help']);
  });

  it('shows what is due in Vietnamese', async () => {
    const { code } = await seedPlan(h);
    await link(code);
    const status = await ask('/status');
    expect(status.text).toContain('Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị');
    expect(status.text).toMatch(/hạn chót 17:00 ngày 23\/5\/2026, còn 8 ngày/);
    expect(status.text).toContain('Chưa nộp');
  });

  it('submits a PDF, re-asks a wrong answer, confirms and gives a receipt; a second submission is version 2', async () => {
    const { code, requirementId, unitId } = await seedPlan(h);
    await link(code);
    const start = await ask('/nop');
    expect(start.text).toContain('Anh/chị gửi tệp');

    const before = h.fake.sentMessages(teacher.id).length;
    await h.fake.userSendsDocument(teacher, { fileName: 'Kế hoạch dân vận khéo.pdf', mimeType: 'application/pdf', bytes: PDF });
    const [got] = (await h.fake.waitForMessages(teacher.id, before + 1)).slice(before);
    expect(got!.text).toContain('Đã nhận tệp “Kế hoạch dân vận khéo.pdf”');

    const q1 = await press('done');
    expect(q1.text).toMatch(/Câu 1\/4/);
    const wrong = await ask('ngay 45 thang 13');
    expect(wrong.text).toMatch(/Câu 1\/4/); // asked again, with a hint
    expect(wrong.text).not.toBe(q1.text);
    const q2 = await ask('20/5/2020');
    expect(q2.text).toMatch(/Câu 2\/4/);
    await ask('Nguyễn Thị Thu Hà, Phó Hiệu trưởng');
    await press('say:bo qua');
    const review = await press('say:bo qua');
    expect(review.text).toContain('Nguyễn Thị Thu Hà');
    expect(review.text).toContain('20/5/2020');

    const receipt = await press('say:co');
    expect(receipt.text).toContain('Sở đã nhận bài nộp của Trường THPT Thử Nghiệm');
    expect(receipt.text).toMatch(/Mã biên nhận: NB-[A-Z0-9]{6}/);
    expect(receipt.text).toContain('đúng hạn');

    const list = await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`);
    expect(list.json.items).toHaveLength(1);
    const detail = await h.api('GET', `/api/v1/submissions/${list.json.items[0].id}`);
    expect(detail.json.answers).toMatchObject({ ngay_ky: '2020-05-20', nguoi_phu_trach: 'Nguyễn Thị Thu Hà, Phó Hiệu trưởng' });
    expect(detail.json.files[0].originalName).toBe('Kế hoạch dân vận khéo.pdf');
    const status = await h.api('GET', `/api/v1/requirements/${requirementId}/status`);
    expect(status.json.items.find((i: any) => i.unit.id === unitId).status).toBe('submitted');

    // Second time, with a link: a new version, the first one kept.
    await ask('/nop');
    await ask('https://drive.google.com/file/d/abc123/view');
    await press('done');
    await ask('21/5/2020');
    await ask('Trần Văn Phúc');
    await ask('bo qua');
    await ask('bo qua');
    const second = await ask('có');
    expect(second.text).toContain('lần nộp thứ 2');
    const after = await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`);
    expect(after.json.items.map((s: any) => s.version).sort()).toEqual([1, 2]);
  });

  it('cancels halfway and stores nothing', async () => {
    const { code, requirementId } = await seedPlan(h);
    await link(code);
    await ask('/nop');
    await ask('https://drive.google.com/file/d/xyz/view');
    await press('done');
    const cancelled = await ask('hủy');
    expect(cancelled.text).toContain('Đã dừng');
    expect((await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`)).json.items).toHaveLength(0);
  });

  it('survives a restart in the middle of a form', async () => {
    const { code, requirementId } = await seedPlan(h);
    await link(code);
    await ask('/nop');
    await ask('https://drive.google.com/file/d/restart/view');
    await press('done');
    await ask('20/5/2020');
    await h.restart();
    const q3 = await ask('Lê Thị Mỹ Linh');
    expect(q3.text).toMatch(/Câu 3\/4/);
    await ask('bo qua');
    await ask('bo qua');
    const receipt = await ask('có');
    expect(receipt.text).toContain('Mã biên nhận');
    const list = await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`);
    expect(list.json.items).toHaveLength(1);
  });

  it('answers bad input calmly and stores nothing', async () => {
    const { code } = await seedPlan(h);
    await link(code);
    await ask('/nop');
    const huge = await (async () => {
      const before = h.fake.sentMessages(teacher.id).length;
      await h.fake.userSendsDocument(teacher, { fileName: 'scan.pdf', mimeType: 'application/pdf', size: 30 * 1024 * 1024 });
      return (await h.fake.waitForMessages(teacher.id, before + 1))[before]!;
    })();
    expect(huge.text).toContain('lớn hơn mức 20 MB');
    expect(huge.buttons.flat().some((b) => 'url' in b && String(b.url).startsWith('https://caunoi.test/upload/'))).toBe(true);

    const exe = await (async () => {
      const before = h.fake.sentMessages(teacher.id).length;
      const bytes = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 1)]);
      await h.fake.userSendsDocument(teacher, { fileName: 'ke-hoach.pdf', mimeType: 'application/pdf', bytes });
      return (await h.fake.waitForMessages(teacher.id, before + 1))[before]!;
    })();
    expect(exe.text).toContain('Không nhận được tệp');

    const long = await ask('a'.repeat(5000));
    expect(long.text).toContain('Tin nhắn dài quá');
    const emoji = await ask('😀🎉 \u0000\u0007 xin chào');
    expect(emoji.text).toContain('Bot đang chờ tệp hoặc đường link');
    const sticker = await (async () => {
      const before = h.fake.sentMessages(teacher.id).length;
      await h.fake.userSendsSticker(teacher);
      return (await h.fake.waitForMessages(teacher.id, before + 1))[before]!;
    })();
    expect(sticker.text.length).toBeGreaterThan(0);
    const odd = await ask('/status foo bar ???');
    expect(odd.text).toContain('Việc cần nộp');
    const files = await h.api('GET', '/api/v1/submissions');
    expect(files.json.items).toHaveLength(0);
    expect(h.service.db.$client.prepare('SELECT count(*) AS n FROM files').get()).toEqual({ n: 0 });
  });
});

describe('reminders reach the unit contact on Telegram', () => {
  it('a due reminder arrives with a button straight into the submit flow, once', async () => {
    const { runJob } = await import('../../src/jobs/registry.js');
    const { silentLogger } = await import('../../src/lib/logger.js');
    const { code } = await seedPlan(h);
    await link(code);
    await ask('/nop'); // busy in a flow when the reminder comes: the button still works
    h.clock.advance(2 * 24 * 3600_000); // 17/5 10:00 local: the "-7d" offset (16/5 17:00) is due
    const deps = { db: h.service.db, clock: h.clock, log: silentLogger, config: h.config };
    await runJob('reminders', deps, 'api');
    await runJob('reminders', deps, 'api'); // twice: still one reminder
    await h.service.sender.tick();
    const reminder = await h.fake.waitForText(teacher.id, /Nhắc hạn nộp bài/);
    expect(reminder.text).toContain('Hạn nộp: trước 17:00 ngày 23/5/2026 (còn 6 ngày)');
    expect(h.fake.sentMessages(teacher.id).filter((m) => m.text.includes('Nhắc hạn nộp bài'))).toHaveLength(1);

    const before = h.fake.sentMessages(teacher.id).length;
    const button = reminder.buttons.flat().find((b) => b.text === '📤 Nộp ngay') as { callback_data: string };
    await h.fake.userPressesButton(teacher, reminder, button.callback_data);
    const next = (await h.fake.waitForMessages(teacher.id, before + 1))[before]!;
    expect(next.text).toContain('Nộp cho: Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị');
  });
});

describe('words people type inside a form', () => {
  it('"?" explains the question, a name like "Dũng" is an answer, "Đúng" at the review sends', async () => {
    const { code, requirementId } = await seedPlan(h);
    await link(code);
    await ask('/nop');
    await ask('https://drive.google.com/file/d/words/view');
    await press('done');
    const help = await ask('?');
    expect(help.text).toMatch(/ngày\/tháng\/năm|dd\/mm|ví dụ/i);
    expect(help.text).toMatch(/Câu 1\/4/);
    await ask('20/5/2020');
    const q3 = await ask('Dũng');
    expect(q3.text).toMatch(/Câu 3\/4/);
    await ask('bo qua.');
    const review = await ask('Bỏ qua');
    expect(review.text).toContain('Dũng');
    const receipt = await ask('Đúng');
    expect(receipt.text).toContain('Mã biên nhận');
    expect((await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`)).json.items).toHaveLength(1);
  });

  it('a parent gets the personal-data notice and an answer on the first message, and a plain word is not taken for an invite code', async () => {
    const parent = { id: 5552001, firstName: 'Mai' };
    await h.fake.userSendsText(parent, 'Cho hỏi thủ tục chuyển trường cho con lớp 7');
    const [notice, answer] = await h.fake.waitForMessages(parent.id, 2);
    expect(notice!.text).toContain('“xóa dữ liệu”');
    expect(answer!.text).toContain('Chuyển trường cho học sinh THCS');
    await h.fake.userSendsText(parent, 'Thanhtra');
    const third = (await h.fake.waitForMessages(parent.id, 3))[2]!;
    expect(third.text).not.toContain('Mã liên kết');
  });
});
