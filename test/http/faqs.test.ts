import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedFaqs } from '../../src/domain/faq.js';
import { recordFaqFeedback } from '../../src/domain/faq-feedback.js';
import { FaqLoadError, loadFaqDir } from '../../src/domain/faq-schema.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

describe('knowledge base API /api/v1/faqs', () => {
  it('creates an entry from title, keywords and answer; it is found at once by search, with scores and matched terms', async () => {
    const created = await t.request('POST', '/api/v1/faqs', {
      as: 'staff',
      json: { title: 'Đăng ký xe đưa đón học sinh', keywords: ['xe đưa đón', 'xe buýt trường'], answer: 'Phụ huynh đăng ký với văn phòng trường vào đầu mỗi học kỳ.' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug: 'dang-ky-xe-dua-don-hoc-sinh', published: true, questions: [], feedback: { helpful: 0, notHelpful: 0 } });

    const found = await t.request('GET', `/api/v1/faqs/search?q=${encodeURIComponent('dang ky xe dua don cho con')}`, { as: 'viewer' });
    expect(found.status).toBe(200);
    expect(found.json.confident).toBe(true);
    expect(found.json.results[0].entry.id).toBe(created.json.id);
    expect(found.json.results[0].score).toBeGreaterThan(0);
    expect(found.json.results[0].matched).toEqual(expect.arrayContaining([expect.objectContaining({ term: 'xe dua', fields: expect.arrayContaining(['keywords']) })]));
    expect(found.json.results[0].queryTerms).toContain('dua don');
  });

  it('updates, unpublishes (drafts are not searched) and deletes', async () => {
    const { json: e } = await t.request('POST', '/api/v1/faqs', {
      json: { title: 'Giờ làm việc của Sở', keywords: ['giờ làm việc'], answer: 'Từ thứ Hai đến thứ Sáu, sáng 7 giờ đến 11 giờ 30, chiều 13 giờ 30 đến 17 giờ.' },
    });
    const patched = await t.request('PATCH', `/api/v1/faqs/${e.id}`, { as: 'staff', json: { lastReviewed: '2026-12-01', published: false } });
    expect(patched.json).toMatchObject({ lastReviewed: '2026-12-01', published: false });
    const search = await t.request('GET', `/api/v1/faqs/search?q=${encodeURIComponent('giờ làm việc')}`);
    expect(search.json.results).toEqual([]);
    expect((await t.request('GET', '/api/v1/faqs?published=false')).json.items.map((i: any) => i.id)).toEqual([e.id]);

    expect((await t.request('DELETE', `/api/v1/faqs/${e.id}`, { as: 'staff' })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/faqs/${e.id}`)).status).toBe(404);
  });

  it('answers bad input with 400 naming the field, a taken slug with 409, and too few rights with 403', async () => {
    const missing = await t.request('POST', '/api/v1/faqs', { json: { title: 'Không có từ khóa', answer: 'Nội dung trả lời đủ dài.' } });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 'invalid', field: 'keywords' });
    const badDate = await t.request('POST', '/api/v1/faqs', { json: { title: 'x', keywords: ['y'], answer: 'Nội dung trả lời đủ dài.', lastReviewed: '2026-02-30' } });
    expect(badDate.json.field).toBe('lastReviewed');
    const body = { slug: 'trung-slug', title: 'Mục A', keywords: ['a'], answer: 'Nội dung trả lời đủ dài.' };
    expect((await t.request('POST', '/api/v1/faqs', { json: body })).status).toBe(201);
    const taken = await t.request('POST', '/api/v1/faqs', { json: body });
    expect(taken.status).toBe(409);
    expect(taken.json.field).toBe('slug');
    expect((await t.request('POST', '/api/v1/faqs', { as: 'viewer', json: body })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/faqs/search', { as: 'viewer' })).json.field).toBe('q');
  });

  it('seeds 25+ entries from bot-flows/faq once, each with legal basis and last-checked date, and keeps staff edits', async () => {
    const entries = loadFaqDir();
    expect(entries.length).toBeGreaterThanOrEqual(25);
    for (const e of entries) {
      expect(e.legalBasis, e.slug).toBeTruthy();
      expect(e.lastReviewed, e.slug).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(seedFaqs(t.ctx, entries)).toBe(entries.length);
    const list = await t.request('GET', '/api/v1/faqs?category=chuyen-truong&limit=100');
    const thcs = list.json.items.find((i: any) => i.slug === 'chuyen-truong-thcs');
    await t.request('PATCH', `/api/v1/faqs/${thcs.id}`, { json: { title: 'Chuyển trường THCS (đã sửa)' } });
    expect(seedFaqs(t.ctx, entries)).toBe(0);
    const found = await t.request('GET', `/api/v1/faqs?q=${encodeURIComponent('chuyen truong')}&limit=100`, { as: 'viewer' });
    const slugs = found.json.items.map((i: any) => i.slug);
    expect(slugs).toEqual(expect.arrayContaining(['chuyen-truong-thcs', 'chuyen-truong-thpt', 'chuyen-truong-khac-tinh']));
    expect(slugs).not.toContain('tra-cuu-van-bang');
    expect((await t.request('GET', `/api/v1/faqs/${thcs.id}`)).json.title).toBe('Chuyển trường THCS (đã sửa)');
  });

  it('lists the gaps: questions without a confident answer and 👎, grouped by normalised text, with counts', async () => {
    const { json: e } = await t.request('POST', '/api/v1/faqs', { json: { title: 'Mục', keywords: ['muc'], answer: 'Nội dung trả lời đủ dài.' } });
    recordFaqFeedback(t.ctx, { verdict: 'no_answer', question: 'Lương giáo viên năm nay tăng bao nhiêu?' });
    t.clock.advance(60_000);
    recordFaqFeedback(t.ctx, { verdict: 'no_answer', question: 'luong giao vien nam nay tang bao nhieu ad' });
    recordFaqFeedback(t.ctx, { verdict: 'not_helpful', entryId: e.id, question: 'muc nay sai' });
    recordFaqFeedback(t.ctx, { verdict: 'helpful', entryId: e.id, question: 'muc' });
    const gaps = await t.request('GET', '/api/v1/faqs/gaps', { as: 'staff' });
    expect(gaps.status).toBe(200);
    expect(gaps.json.total).toBe(2);
    expect(gaps.json.items[0]).toMatchObject({ normalized: 'luong giao vien nam tang', count: 2, noAnswer: 2, notHelpful: 0, example: 'luong giao vien nam nay tang bao nhieu ad' });
    expect(gaps.json.items[1]).toMatchObject({ count: 1, notHelpful: 1, entryIds: [e.id] });
    expect((await t.request('GET', `/api/v1/faqs/${e.id}`)).json.feedback).toEqual({ helpful: 1, notHelpful: 1 });
    expect((await t.request('GET', '/api/v1/faqs/gaps', { as: 'viewer' })).status).toBe(403);
  });
});

describe('knowledge-base files are checked at load', () => {
  it('names the file and the path of each problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), 'entries:\n  - slug: Sai Slug\n    title: T\n    category: x\n    keywords: [k]\n    answer: "Nội dung đủ dài."\n    legalBasis: L\n    lastReviewed: 2026-11-25\n');
      writeFileSync(join(dir, 'b.yaml'), 'entries:\n  - slug: ok-slug\n    title: T\n    category: x\n    keywords: [k]\n    answer: "Nội dung đủ dài."\n');
      expect(() => loadFaqDir(dir)).toThrow(FaqLoadError);
      try {
        loadFaqDir(dir);
      } catch (err) {
        const msg = (err as Error).message;
        expect(msg).toContain('a.yaml → entries.0.slug');
        expect(msg).toContain('b.yaml → entries.0.legalBasis');
        expect(msg).toContain('b.yaml → entries.0.lastReviewed');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
