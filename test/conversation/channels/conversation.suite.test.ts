import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../../../src/jobs/registry.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { startChannelHarness, type ChannelHarness } from '../../helpers/channel-harness.js';
import { seedPlan } from '../../helpers/service.js';
import type { ChannelDriver, ChatUser, Received } from './driver.js';
import { DRIVERS } from './drivers.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2000, 32), Buffer.from('\n%%EOF\n')]);

/** A report form with one numbered choice, so "2", a button or the label picks it. */
const CHOICE_FORM = `
key: bao-cao-hinh-thuc
title: Báo cáo hình thức tuyên truyền
questions:
  - id: hinh_thuc
    type: choice
    label: Hình thức
    prompt: Hình thức tuyên truyền chủ yếu của đơn vị?
    options:
      - { value: truc_tiep, label: Trực tiếp }
      - { value: truc_tuyen, label: Trực tuyến }
`;

describe.each(DRIVERS)('conversations on $name', ({ make }) => {
  let h: ChannelHarness;
  let d: ChannelDriver;
  beforeEach(async () => {
    d = make();
    h = await startChannelHarness(d);
  });
  afterEach(async () => {
    await h.close();
  });

  /** Does something as the person and returns the bot's next message. */
  async function next(user: ChatUser, act: () => Promise<void>): Promise<Received> {
    const before = d.received(user).length;
    await act();
    return d.waitFor(user, /[\s\S]/, before);
  }
  const say = (user: ChatUser, text: string) => next(user, () => d.sendText(user, text));
  const choose = (user: ChatUser, label: string | RegExp) => next(user, () => d.choose(user, label));

  async function linkedTeacher(opts: Parameters<typeof seedPlan>[1] = {}) {
    const plan = await seedPlan(h, opts);
    const teacher = d.newUser('Thu Hà');
    const linked = await next(teacher, () => d.sendInviteCode(teacher, plan.code));
    expect(linked.text).toContain('liên kết với đơn vị: Trường THPT Thử Nghiệm');
    return { ...plan, teacher };
  }

  /** The document goes in the chat where it can; else through the personal upload page the bot linked. */
  async function sendPlanFile(teacher: ChatUser, prompt: Received): Promise<Received> {
    if (d.documentsIn) return next(teacher, () => d.sendDocument!(teacher, { name: 'Kế hoạch dân vận khéo.pdf', bytes: PDF, mimeType: 'application/pdf' }));
    expect(prompt.text).not.toMatch(/bấm|\/huy|\/nop/);
    expect(prompt.link).toMatch(/\/upload\//);
    return next(teacher, async () => {
      const form = new FormData();
      form.set('file', new File([PDF], 'Kế hoạch dân vận khéo.pdf', { type: 'application/pdf' }));
      const page = await fetch(prompt.link!.replace(/^https?:\/\/[^/]+/, h.base), { method: 'POST', body: form });
      expect(page.status).toBe(200);
    });
  }

  it('links with an invite code; a wrong code is refused and creates nothing', async () => {
    const stranger = d.newUser('Người lạ');
    const refused = await next(stranger, () => d.sendInviteCode(stranger, 'ZZZZ2345'));
    expect(refused.text).toContain('Mã liên kết không đúng');
    expect((await h.api('GET', '/api/v1/contacts')).json.total).toBe(0);
    await linkedTeacher();
    expect((await h.api('GET', '/api/v1/contacts')).json.items[0]).toMatchObject({ role: 'unit_contact', channel: d.channel });
  });

  it('shows what is due from the menu', async () => {
    const { teacher } = await linkedTeacher();
    const status = await choose(teacher, 'Việc cần nộp');
    expect(status.text).toContain('Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị');
    expect(status.text).toContain('Chưa nộp');
  });

  it('submits a file (in the chat, or through the upload page), answers the form and gets a receipt', async () => {
    const { teacher, requirementId } = await linkedTeacher();
    const prompt = await choose(teacher, 'Nộp bài');
    const got = await sendPlanFile(teacher, prompt);
    expect(got.text).toContain('“Kế hoạch dân vận khéo.pdf”');
    expect((await choose(teacher, /^Xong/)).text).toMatch(/Câu 1\/4/);
    expect((await say(teacher, '20/5/2020')).text).toMatch(/Câu 2\/4/);
    await say(teacher, 'Nguyễn Thị Thu Hà');
    await say(teacher, 'bỏ qua');
    const review = await say(teacher, 'bỏ qua');
    expect(review.text).toContain('Nguyễn Thị Thu Hà');
    const receipt = await choose(teacher, 'Xác nhận gửi');
    expect(receipt.text).toMatch(/Mã biên nhận: NB-[A-Z0-9]{6}/);
    const list = await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`);
    const detail = await h.api('GET', `/api/v1/submissions/${list.json.items[0].id}`);
    expect(detail.json.files[0].originalName).toBe('Kế hoạch dân vận khéo.pdf');
  });

  it('submits a link', async () => {
    const { teacher, requirementId } = await linkedTeacher();
    await say(teacher, 'nộp bài');
    expect((await say(teacher, 'https://drive.google.com/file/d/abc123/view')).text).toContain('Đã nhận đường link');
    await say(teacher, 'xong');
    await say(teacher, '21/5/2020');
    await say(teacher, 'Trần Văn Phúc');
    await say(teacher, 'bỏ qua');
    await say(teacher, 'bỏ qua');
    expect((await say(teacher, 'có')).text).toContain('Sở đã nhận bài nộp');
    const list = await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`);
    expect(list.json.items).toHaveLength(1);
  });

  it('answers a form question with numbered choices', async () => {
    const created = await h.service.app.request('/api/v1/forms', { method: 'POST', headers: { 'content-type': 'application/yaml', authorization: `Bearer ${await adminToken(h)}` }, body: CHOICE_FORM });
    expect(created.status).toBe(201);
    const { teacher, requirementId } = await linkedTeacher({ kind: 'report', formKey: 'bao-cao-hinh-thuc' });
    await choose(teacher, 'Nộp bài');
    const question = await choose(teacher, 'Bỏ qua');
    expect(question.text).toContain('Câu 1/1: Hình thức tuyên truyền chủ yếu của đơn vị?');
    expect(question.text).toContain('2. Trực tuyến');
    const review = await choose(teacher, 'Trực tuyến');
    expect(review.text).toContain('Hình thức: Trực tuyến');
    expect((await choose(teacher, 'Xác nhận gửi')).text).toContain('Sở đã nhận bài nộp');
    const list = await h.api('GET', `/api/v1/submissions?requirementId=${requirementId}`);
    expect((await h.api('GET', `/api/v1/submissions/${list.json.items[0].id}`)).json.answers).toEqual({ hinh_thuc: 'truc_tuyen' });
  });

  it('a due reminder arrives once and leads straight into submitting', async () => {
    const { teacher } = await linkedTeacher();
    h.clock.advance(2 * 24 * 3600_000); // the "-7d" reminder is due
    const deps = { db: h.service.db, clock: h.clock, log: silentLogger, config: h.config };
    await runJob('reminders', deps, 'api');
    await runJob('reminders', deps, 'api');
    const reminder = await d.waitFor(teacher, /Nhắc hạn nộp bài/);
    expect(reminder.text).toContain('Hạn nộp: trước 17:00 ngày 23/5/2026 (còn 6 ngày)');
    const started = await choose(teacher, 'Nộp ngay');
    expect(started.text).toContain('Nộp cho: Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị');
    expect(d.received(teacher).filter((m) => m.text.includes('Nhắc hạn nộp bài'))).toHaveLength(1);
  });

  it('a broadcast asking for acknowledgement is acknowledged by the reply', async () => {
    const { teacher } = await linkedTeacher();
    const created = await h.api('POST', '/api/v1/broadcasts', {
      title: 'Lịch họp',
      text: '**Thông báo**: họp giao ban lúc 8:00 thứ Hai.',
      audience: { roles: ['unit_contact'] },
      requireAck: true,
    });
    expect(created.status).toBe(201);
    const notice = await d.waitFor(teacher, /họp giao ban/);
    expect(notice.choices.some((c) => c.includes('Đã nhận'))).toBe(true);
    expect((await choose(teacher, 'Đã nhận')).text).toContain('Đã ghi nhận');
    const status = await h.api('GET', `/api/v1/broadcasts/${created.json.id}`);
    expect(status.json.counts.acked).toBe(1);
  });

  it('a parent asks about a procedure and gets the answer', async () => {
    const parent = d.newUser('Phụ huynh Lan');
    await d.sendText(parent, 'chuyển trường cấp 3 cần giấy tờ gì');
    const answer = await d.waitFor(parent, /📘/);
    expect(answer.text).toMatch(/chuyển trường/i);
  });

  it('a question staff answer: the answer reaches the parent, and the next message joins the ticket', async () => {
    const parent = d.newUser('Phụ huynh Minh');
    await d.sendText(parent, 'Cho hỏi lương giáo viên năm nay tăng bao nhiêu?');
    await d.waitFor(parent, /chưa chắc|chưa có câu trả lời chắc chắn/);
    const opened = await choose(parent, 'Chuyển câu hỏi cho cán bộ');
    const code = /Mã phiếu: (HD-2026-\d{6})/.exec(opened.text)![1]!;
    const id = (await h.api('GET', '/api/v1/tickets?status=new')).json.items[0].id;
    expect((await h.api('POST', `/api/v1/tickets/${id}/replies`, { text: 'Mức lương mới áp dụng từ 1/7.' })).status).toBe(201);
    const reply = await d.waitFor(parent, /Sở Giáo dục và Đào tạo trả lời/);
    expect(reply.text).toContain('Mức lương mới áp dụng từ 1/7.');
    expect((await say(parent, 'Giáo viên hợp đồng có được tăng không ạ?')).text).toContain(`Đã chuyển tin nhắn vào phiếu ${code}`);
    const detail = await h.api('GET', `/api/v1/tickets/${id}`);
    expect(detail.json.messages.map((m: { author: string }) => m.author)).toEqual(['citizen', 'staff', 'citizen']);
  });
});

async function adminToken(h: ChannelHarness): Promise<string> {
  const { createApiToken } = await import('../../../src/domain/api-tokens.js');
  const { systemActor } = await import('../../../src/domain/context.js');
  return createApiToken(
    { db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir },
    { name: 'forms', role: 'admin' },
  ).token;
}
