import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaq, getFaq, searchFaqs } from '../../../src/domain/faq.js';
import { listFaqGaps, recordFaqFeedback } from '../../../src/domain/faq-feedback.js';
import { createDashboardUsers, DashboardClient } from '../../helpers/dashboard.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let staff: DashboardClient;
let tuition: number;

beforeEach(async () => {
  t = makeTestApp({ dashboard: true });
  createDashboardUsers(t.ctx);
  tuition = createFaq(t.ctx, {
    title: 'Miễn, giảm học phí',
    category: 'hoc-phi',
    questions: ['Học phí năm nay có được miễn không?'],
    keywords: ['học phí', 'miễn giảm'],
    answer: 'Học sinh công lập từ mầm non đến THPT được miễn học phí từ năm học 2025–2026.',
    published: true,
  }).id;
  createFaq(t.ctx, { title: 'Chuyển trường THPT', questions: ['Thủ tục chuyển trường cấp 3'], keywords: ['chuyển trường'], answer: 'Hồ sơ chuyển trường gồm đơn, học bạ và giấy giới thiệu.', published: true });
  staff = new DashboardClient(t.app);
  await staff.signIn('lan');
});
afterEach(() => t.close());

describe('knowledge base pages', () => {
  it('tries a question and shows the ranking with scores and why', async () => {
    const page = await staff.get(`/faqs/try?q=${encodeURIComponent('hoc phi nam nay co mien ko ad')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bot sẽ tự trả lời bằng mục đầu tiên');
    expect(page.text).toMatch(/Miễn, giảm học phí<\/a> <span class="score">— điểm \d+\.\d\d/);
    expect(page.text).toMatch(/<b>hoc phi<\/b> \([^)]*(tiêu đề|từ khóa)/);
    const none = await staff.get(`/faqs/try?q=${encodeURIComponent('lịch cắt điện tuần sau')}`);
    expect(none.text).toMatch(/Không mục nào khớp|Bot không chắc/);
  });

  it('edits an entry (the bot answers with the new text at once), unpublishes and publishes it; mistakes named in Vietnamese', async () => {
    await staff.get(`/faqs/${tuition}`);
    const res = await staff.post(`/faqs/${tuition}`, {
      title: 'Miễn học phí',
      questions: 'Học phí năm nay có được miễn không?\nCon tôi học lớp 10 có phải đóng học phí?',
      keywords: 'học phí, miễn giảm, lớp 10',
      answer: 'Từ năm học 2025–2026 học sinh công lập được miễn học phí (Nghị quyết 217/2025/QH15).',
      category: 'hoc-phi',
      published: '1',
    });
    expect(res.status).toBe(303);
    expect(getFaq(t.ctx, tuition)).toMatchObject({ title: 'Miễn học phí', keywords: ['học phí', 'miễn giảm', 'lớp 10'], procedureCode: null });
    expect(searchFaqs(t.ctx, 'lop 10 co phai dong hoc phi').results[0]!.entry.answer).toContain('Nghị quyết 217/2025/QH15');

    await staff.post(`/faqs/${tuition}/publish`, { published: '0' });
    expect((await staff.get(`/faqs/${tuition}`)).text).toContain('Bản nháp: bot chưa dùng mục này.');
    expect(searchFaqs(t.ctx, 'lop 10 co phai dong hoc phi').results.map((r) => r.entry.id)).not.toContain(tuition);
    await staff.post(`/faqs/${tuition}/publish`, { published: '1' });
    expect(getFaq(t.ctx, tuition).published).toBe(true);

    const bad = await staff.post(`/faqs/${tuition}`, { title: 'X', keywords: '', answer: 'ngắn' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Từ khóa: cần ít nhất một');
    const badUrl = await staff.post(`/faqs/${tuition}`, { title: 'X', keywords: 'a', answer: 'Một câu trả lời đủ dài.', sourceUrl: 'javascript:alert(1)' });
    expect(badUrl.text).toContain('Nguồn: một địa chỉ bắt đầu bằng http://');
    expect((await staff.get('/faqs/99999')).status).toBe(404);
  });

  it('turns a gap into a new entry, and another into a question variant; both leave the gaps list', async () => {
    recordFaqFeedback(t.ctx, { verdict: 'no_answer', question: 'Lương giáo viên năm nay tăng bao nhiêu?' });
    recordFaqFeedback(t.ctx, { verdict: 'no_answer', question: 'luong giao vien nam nay tang bao nhieu' });
    recordFaqFeedback(t.ctx, { verdict: 'not_helpful', entryId: tuition, question: 'Mẫu giáo có được miễn tiền học không?' });
    const gaps = await staff.get('/faqs/gaps');
    expect(gaps.text).toContain('Câu hỏi chưa có câu trả lời tốt (2)');
    expect(gaps.text).toContain('2 lần (2 không có câu trả lời chắc chắn, 0 bấm 👎)');
    const newLink = /href="(\/faqs\/new\?gap=[^"]+)"/.exec(gaps.text)![1]!.replace(/&amp;/g, '&');
    const form = await staff.get(newLink);
    expect(form.text).toMatch(/<input id="title" name="title" type="text" value="luong giao vien nam nay tang bao nhieu"/);
    const created = await staff.post('/faqs', {
      gap: new URLSearchParams(newLink.split('?')[1]).get('gap')!,
      title: 'Lương giáo viên',
      questions: 'Lương giáo viên năm nay tăng bao nhiêu?',
      keywords: 'lương giáo viên',
      answer: 'Lương giáo viên theo Luật Nhà giáo 2025, xếp cao nhất trong hệ thống thang bậc lương hành chính sự nghiệp.',
    });
    expect(created.status).toBe(303);
    expect((await staff.get(created.location!)).text).toContain('Đã lưu bản nháp; bot chưa dùng.');

    await staff.get('/faqs/gaps');
    const gap = listFaqGaps(t.ctx, { limit: 10, offset: 0 }).items[0]!;
    expect(gap.example).toBe('Mẫu giáo có được miễn tiền học không?');
    await staff.post('/faqs/gaps/variant', { gap: gap.normalized, question: gap.example, entryId: String(tuition) });
    expect(getFaq(t.ctx, tuition).questions).toContain('Mẫu giáo có được miễn tiền học không?');
    const after = await staff.get('/faqs/gaps');
    expect(after.text).toContain('Đã thêm cách hỏi vào mục “Miễn, giảm học phí”');
    expect(after.text).toContain('Hiện không có câu hỏi nào cần bổ sung.');
    // The same click again: handled already, said calmly.
    await staff.post('/faqs/gaps/variant', { gap: gap.normalized, question: 'Câu khác', entryId: String(tuition) });
    expect((await staff.get('/faqs/gaps')).text).toContain('Câu hỏi này đã được xử lý hoặc mục không còn.');
  });

  it('lets a viewer read and try, not edit or see the gaps', async () => {
    const viewer = new DashboardClient(t.app);
    await viewer.signIn('lanhdao');
    const page = await viewer.get(`/faqs/${tuition}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Lưu thay đổi');
    expect((await viewer.get('/faqs/try?q=hoc+phi')).status).toBe(200);
    expect((await viewer.get('/faqs/gaps')).status).toBe(403);
    expect((await viewer.post(`/faqs/${tuition}/publish`, { published: '0' })).status).toBe(403);
  });
});
