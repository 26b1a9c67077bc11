import type { FaqEntry } from '../../../domain/faq.js';
import type { PageSession } from '../env.js';
import type { FaqDraft } from '../faq-form.js';
import type { Flash } from '../flash.js';
import { canAct, Csrf, ErrorNotice, FlashNotice, Layout } from './layout.js';

function Text(props: { id: string; label: string; value: string; rows?: number; max: number; required?: boolean; type?: string; help?: string }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      {props.rows ? (
        <textarea id={props.id} name={props.id} rows={props.rows} maxlength={props.max} required={props.required} aria-describedby={props.help ? `${props.id}-help` : undefined}>
          {props.value}
        </textarea>
      ) : (
        <input id={props.id} name={props.id} type={props.type ?? 'text'} value={props.value} maxlength={props.max} required={props.required} />
      )}
      {props.help && (
        <small id={`${props.id}-help`} class="muted">
          {props.help}
        </small>
      )}
    </>
  );
}

/** A knowledge-base entry: read by everyone, edited by staff (also where a gap becomes a new entry). */
export function faqEditPage(p: {
  session: PageSession;
  entry?: FaqEntry;
  draft: FaqDraft;
  feedback?: { helpful: number; notHelpful: number };
  gap?: string;
  error?: string;
  flash?: Flash;
}) {
  const { session, entry, draft } = p;
  const act = canAct(session);
  const title = entry ? entry.title : 'Thêm mục hỏi đáp';
  return (
    <Layout title={title} session={session}>
      <p class="muted">
        <a href="/faqs">Kho hỏi đáp</a> › {entry ? 'Mục hỏi đáp' : 'Thêm mục'}
      </p>
      <h1>{title}</h1>
      <FlashNotice flash={p.flash} />
      <ErrorNotice error={p.error} />
      {entry && (
        <p>
          {entry.published ? 'Đang dùng: bot trả lời người dân bằng mục này.' : 'Bản nháp: bot chưa dùng mục này.'}
          {p.feedback && ` · 👍 ${p.feedback.helpful} · 👎 ${p.feedback.notHelpful}`} · <a href={`/faqs/try?q=${encodeURIComponent(entry.questions[0] ?? entry.title)}`}>Thử câu hỏi</a>
        </p>
      )}
      {entry && act && (
        <form method="post" action={`/faqs/${entry.id}/publish`} class="inline">
          <Csrf session={session} />
          <input type="hidden" name="published" value={entry.published ? '0' : '1'} />
          <button type="submit" class="secondary">{entry.published ? 'Ngừng dùng (chuyển thành bản nháp)' : 'Cho bot dùng (xuất bản)'}</button>
        </form>
      )}
      {act ? (
        <form method="post" action={entry ? `/faqs/${entry.id}` : '/faqs'} class="stack">
          <Csrf session={session} />
          {p.gap && <input type="hidden" name="gap" value={p.gap} />}
          <Text id="title" label="Tiêu đề" value={draft.title} max={200} required />
          <Text id="questions" label="Cách người dân hỏi (mỗi dòng một câu)" value={draft.questions} rows={4} max={20000} help="Các cách hỏi được tính nặng hơn nội dung trả lời khi bot tìm." />
          <Text id="keywords" label="Từ khóa (cách nhau bởi dấu phẩy)" value={draft.keywords} max={6000} required />
          <Text id="answer" label="Câu trả lời" value={draft.answer} rows={8} max={3000} required />
          <Text id="category" label="Nhóm (vd: hoc-phi, chuyen-truong)" value={draft.category} max={40} />
          <Text id="procedureCode" label="Mã thủ tục hành chính" value={draft.procedureCode} max={60} />
          <Text id="legalBasis" label="Căn cứ pháp lý" value={draft.legalBasis} rows={2} max={1000} />
          <Text id="sourceUrl" label="Nguồn (địa chỉ trang)" value={draft.sourceUrl} max={2000} type="url" />
          <Text id="lastReviewed" label="Ngày kiểm tra lại nội dung" value={draft.lastReviewed} max={10} type="date" />
          <label>
            <input type="checkbox" name="published" value="1" checked={draft.published} /> Cho bot dùng ngay (bỏ chọn: lưu bản nháp)
          </label>
          <button type="submit">{entry ? 'Lưu thay đổi' : 'Thêm mục'}</button>
        </form>
      ) : (
        <section class="card">
          <h2>Câu trả lời</h2>
          <p class="pre">{draft.answer}</p>
          <h2>Cách hỏi</h2>
          <p class="pre">{draft.questions || '—'}</p>
          {draft.legalBasis && <p>Căn cứ: {draft.legalBasis}</p>}
        </section>
      )}
    </Layout>
  );
}
