import { REPLY_FIELDS, type SavedReply } from '../../../domain/saved-replies.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { Csrf, FlashNotice, Layout } from './layout.js';

const FIELD_HELP = `Trường tự điền: ${REPLY_FIELDS.map((f) => `{${f}}`).join(', ')} — tên người gửi (hoặc “anh/chị” khi không được hiện), mã phiếu, hạn giải quyết, ngày nhận, tên cán bộ trả lời.`;

function ReplyFields(props: { idPrefix: string; reply?: { title: string; body: string } }) {
  const { idPrefix, reply } = props;
  return (
    <>
      <label for={`${idPrefix}-title`}>Tên mẫu</label>
      <input id={`${idPrefix}-title`} name="title" required maxlength={120} value={reply?.title ?? ''} />
      <label for={`${idPrefix}-body`}>Nội dung</label>
      <textarea id={`${idPrefix}-body`} name="body" rows={5} required maxlength={4000} aria-describedby="fields-help">
        {reply?.body ?? ''}
      </textarea>
    </>
  );
}

/** Saved replies for the inbox: list, add, change, remove. */
export function savedRepliesPage(p: { session: PageSession; replies: SavedReply[]; flash?: Flash; draft?: { title: string; body: string } }) {
  const { session } = p;
  return (
    <Layout title="Mẫu trả lời" session={session}>
      <p class="muted">
        <a href="/inbox">Hộp thư phản ánh</a> › Mẫu trả lời
      </p>
      <h1>Mẫu trả lời</h1>
      <FlashNotice flash={p.flash} />
      <p id="fields-help">{FIELD_HELP}</p>
      <section class="card" aria-labelledby="new-title">
        <h2 id="new-title">Thêm mẫu</h2>
        <form method="post" action="/inbox/saved-replies" class="stack">
          <Csrf session={session} />
          <ReplyFields idPrefix="new" reply={p.draft} />
          <button type="submit">Thêm mẫu</button>
        </form>
      </section>
      <h2>Các mẫu ({p.replies.length})</h2>
      {p.replies.length === 0 && <p>Chưa có mẫu nào.</p>}
      {p.replies.map((r) => (
        <article class="card" aria-labelledby={`reply-${r.id}`}>
          <h3 id={`reply-${r.id}`}>{r.title}</h3>
          <p class="pre">{r.body}</p>
          <details class="action">
            <summary>Sửa mẫu…</summary>
            <form method="post" action={`/inbox/saved-replies/${r.id}`} class="stack">
              <Csrf session={session} />
              <ReplyFields idPrefix={`edit-${r.id}`} reply={r} />
              <button type="submit">Lưu</button>
            </form>
          </details>
          <form method="post" action={`/inbox/saved-replies/${r.id}/delete`} class="inline" data-confirm={`Xóa mẫu “${r.title}”?`}>
            <Csrf session={session} />
            <button type="submit" class="small secondary">Xóa mẫu</button>
          </form>
        </article>
      ))}
    </Layout>
  );
}
