import { Hono } from 'hono';
import type { Context } from 'hono';
import { DomainError, invalid } from '../../../core/errors.js';
import { createFaq, faqFeedbackCounts, getFaq, listFaqs, searchFaqs, updateFaq, type FaqEntry } from '../../../domain/faq.js';
import { listFaqGaps } from '../../../domain/faq-feedback.js';
import { gapToEntry, gapToVariant } from '../../../domain/faq-gaps.js';
import type { DashboardEnv } from '../env.js';
import { draftOf, faqFields, readFaqDraft, type FaqDraft } from '../faq-form.js';
import { setFlash, takeFlash } from '../flash.js';
import { faqEditPage } from '../pages/faq-edit.js';
import { faqGapsPage, faqListPage, faqTryPage } from '../pages/faqs.js';
import { signedIn } from '../session.js';
import { field, found, idParam, mistake, notFoundPage, readForm } from './helpers.js';

const EMPTY: FaqDraft = { title: '', category: '', questions: '', keywords: '', answer: '', procedureCode: '', legalBasis: '', sourceUrl: '', lastReviewed: '', published: true };
const NO_ENTRY = 'Không có mục hỏi đáp này.';

/** Every entry staff can attach a question to, by title. */
const allEntries = (c: Context<DashboardEnv>): FaqEntry[] => listFaqs(c.get('ctx'), { limit: 5000, offset: 0 }).items;

/** The knowledge base: list, try a question, gaps, create, edit, publish or unpublish. */
export function faqRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const staff = signedIn('staff');

  app.get('/faqs', signedIn(), (c) => {
    const ctx = c.get('ctx');
    const q = c.req.query('q')?.trim().slice(0, 200) ?? '';
    const p = c.req.query('published');
    const published = p === '1' ? true : p === '0' ? false : undefined;
    const { items, total } = listFaqs(ctx, { q: q || undefined, published, limit: 500, offset: 0 });
    const gaps = listFaqGaps(ctx, { limit: 1, offset: 0 }).total;
    return c.html(faqListPage({ session: c.get('session'), items, total, q, published, gaps, flash: takeFlash(c) }));
  });

  app.get('/faqs/try', signedIn(), (c) => {
    const q = c.req.query('q')?.trim().slice(0, 4000) ?? '';
    return c.html(faqTryPage({ session: c.get('session'), q, search: q ? searchFaqs(c.get('ctx'), q, 5) : undefined }));
  });

  app.get('/faqs/gaps', staff, (c) => {
    const ctx = c.get('ctx');
    const { items, total } = listFaqGaps(ctx, { limit: 100, offset: 0 });
    return c.html(faqGapsPage({ session: c.get('session'), gaps: items, total, entries: allEntries(c), timeZone: ctx.timeZone, flash: takeFlash(c) }));
  });

  app.post('/faqs/gaps/variant', staff, async (c) => {
    const form = await readForm(c);
    const entryId = idParam(field(form, 'entryId', 20));
    try {
      if (!entryId) throw invalid('Anh/chị chọn mục để thêm cách hỏi.', 'entryId');
      const entry = gapToVariant(c.get('ctx'), field(form, 'gap', 500), { entryId, question: field(form, 'question', 300) });
      setFlash(c, { kind: 'ok', text: `Đã thêm cách hỏi vào mục “${entry.title}”; bot sẽ tìm thấy câu hỏi này.` });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(c, { kind: 'error', text: err.kind === 'not_found' ? 'Câu hỏi này đã được xử lý hoặc mục không còn.' : mistake(err) });
    }
    return c.redirect('/faqs/gaps', 303);
  });

  app.get('/faqs/new', staff, (c) => {
    const question = c.req.query('question')?.slice(0, 300) ?? '';
    const draft = { ...EMPTY, title: question, questions: question };
    return c.html(faqEditPage({ session: c.get('session'), draft, gap: c.req.query('gap')?.slice(0, 500) || undefined }));
  });

  app.post('/faqs', staff, async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    const draft = readFaqDraft(form);
    const gap = field(form, 'gap', 500) || undefined;
    try {
      const fields = faqFields(draft);
      const entry = gap ? gapToEntry(ctx, gap, fields) : createFaq(ctx, fields);
      setFlash(c, { kind: 'ok', text: entry.published ? 'Đã thêm mục; bot dùng ngay.' : 'Đã lưu bản nháp; bot chưa dùng.' });
      return c.redirect(`/faqs/${entry.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const error = err.kind === 'not_found' ? 'Câu hỏi này đã được xử lý từ trước.' : mistake(err);
      return c.html(faqEditPage({ session: c.get('session'), draft, gap, error }), 400);
    }
  });

  app.get('/faqs/:id', signedIn(), (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c.req.param('id'));
    const entry = id ? found(() => getFaq(ctx, id)) : undefined;
    if (!entry) return notFoundPage(c, NO_ENTRY);
    return c.html(faqEditPage({ session: c.get('session'), entry, draft: draftOf(entry), feedback: faqFeedbackCounts(ctx, entry.id), flash: takeFlash(c) }));
  });

  app.post('/faqs/:id', staff, async (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c.req.param('id'));
    const entry = id ? found(() => getFaq(ctx, id)) : undefined;
    if (!entry) return notFoundPage(c, NO_ENTRY);
    const draft = readFaqDraft(await readForm(c));
    try {
      const f = faqFields(draft);
      // An optional field left empty clears it.
      updateFaq(ctx, entry.id, { ...f, category: f.category ?? null, procedureCode: f.procedureCode ?? null, legalBasis: f.legalBasis ?? null, sourceUrl: f.sourceUrl ?? null, lastReviewed: f.lastReviewed ?? null });
      setFlash(c, { kind: 'ok', text: 'Đã lưu thay đổi; bot dùng nội dung mới ngay.' });
      return c.redirect(`/faqs/${entry.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(faqEditPage({ session: c.get('session'), entry, draft, error: mistake(err) }), 400);
    }
  });

  app.post('/faqs/:id/publish', staff, async (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c.req.param('id'));
    const published = field(await readForm(c), 'published') === '1';
    const entry = id ? found(() => updateFaq(ctx, id, { published })) : undefined;
    if (!entry) return notFoundPage(c, NO_ENTRY);
    setFlash(c, { kind: 'ok', text: published ? 'Đã xuất bản: bot dùng mục này.' : 'Đã chuyển thành bản nháp: bot không dùng mục này nữa.' });
    return c.redirect(`/faqs/${entry.id}`, 303);
  });

  return app;
}
