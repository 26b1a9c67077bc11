import type { FaqEntry, FaqSearch } from '../../../domain/faq.js';
import type { FaqGap } from '../../../domain/faq-feedback.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { canAct, Csrf, FlashNotice, Layout } from './layout.js';

const FIELD_LABEL: Record<string, string> = { title: 'tiêu đề', questions: 'cách hỏi', keywords: 'từ khóa', answer: 'câu trả lời' };
/** Index terms join syllable pairs with "_" ("chuyen_truong"): people read them as words. */
const termText = (t: string) => t.replace(/_/g, ' ');

function TryForm(props: { q: string }) {
  return (
    <form method="get" action="/faqs/try" class="filters" role="search" aria-label="Thử một câu hỏi">
      <div class="field grow">
        <label for="try-q">Thử một câu hỏi (như người dân gõ, có dấu hay không dấu đều được)</label>
        <input id="try-q" type="search" name="q" value={props.q} maxlength={4000} placeholder="vd: hoc phi nam nay co mien ko ad" />
      </div>
      <button type="submit">Thử</button>
    </form>
  );
}

export function faqListPage(p: { session: PageSession; items: FaqEntry[]; total: number; q: string; published?: boolean; gaps: number; flash?: Flash }) {
  const { session } = p;
  return (
    <Layout title="Kho hỏi đáp" session={session}>
      <h1>Kho hỏi đáp</h1>
      <FlashNotice flash={p.flash} />
      <p>
        Câu trả lời về thủ tục mà bot dùng để trả lời người dân.
        {canAct(session) && (
          <>
            {' '}
            <a class="button" href="/faqs/new">
              Thêm mục
            </a>{' '}
            <a href="/faqs/gaps">Câu hỏi chưa có câu trả lời tốt ({p.gaps})</a>
          </>
        )}
      </p>
      <TryForm q="" />
      <form method="get" action="/faqs" class="filters" data-autosubmit role="search" aria-label="Lọc các mục">
        <div class="field">
          <label for="f-q">Tìm trong tiêu đề và cách hỏi</label>
          <input id="f-q" type="search" name="q" value={p.q} maxlength={200} />
        </div>
        <div class="field">
          <label for="f-published">Trạng thái</label>
          <select id="f-published" name="published">
            <option value="">Tất cả</option>
            <option value="1" selected={p.published === true}>Đang dùng</option>
            <option value="0" selected={p.published === false}>Bản nháp (bot không dùng)</option>
          </select>
        </div>
        <button type="submit" class="secondary">Lọc</button>
      </form>
      <p id="faq-count" role="status">
        {p.items.length} / {p.total} mục
      </p>
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby="faq-count">
        <table>
          <thead>
            <tr>
              <th scope="col">Tiêu đề</th>
              <th scope="col">Nhóm</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Kiểm tra lại</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((e) => (
              <tr>
                <td>
                  <a href={`/faqs/${e.id}`}>{e.title}</a>
                </td>
                <td>{e.category ?? '—'}</td>
                <td>{e.published ? 'Đang dùng' : 'Bản nháp'}</td>
                <td>{e.lastReviewed ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** "Thử một câu hỏi": the ranking the bot would make, with scores and why each entry matched. */
export function faqTryPage(p: { session: PageSession; q: string; search: FaqSearch | undefined }) {
  const { search } = p;
  const verdict = !search
    ? undefined
    : search.match.confident
      ? `Bot sẽ tự trả lời bằng mục đầu tiên (độ phủ ${Math.round(search.match.coverage * 100)}%).`
      : search.results.length
        ? `Bot không chắc (độ phủ ${Math.round(search.match.coverage * 100)}%${search.match.margin === null ? '' : `, hơn mục thứ hai ${search.match.margin.toFixed(2)} lần`}): bot đưa các mục gần nhất để người dân chọn, hoặc chuyển cho cán bộ.`
        : 'Không mục nào khớp: bot nói thật là chưa có câu trả lời và đề nghị chuyển cho cán bộ.';
  return (
    <Layout title="Thử một câu hỏi" session={p.session}>
      <p class="muted">
        <a href="/faqs">Kho hỏi đáp</a> › Thử một câu hỏi
      </p>
      <h1>Thử một câu hỏi</h1>
      <TryForm q={p.q} />
      {verdict && (
        <p class="notice" role="status" id="try-verdict">
          {verdict}
        </p>
      )}
      {search && search.results.length > 0 && (
        <ol class="ranking">
          {search.results.map((r) => (
            <li class="card">
              <h2>
                <a href={`/faqs/${r.entry.id}`}>{r.entry.title}</a> <span class="score">— điểm {r.score.toFixed(2)}</span>
              </h2>
              <p>
                Khớp:{' '}
                {r.matched.map((m, i) => (
                  <>
                    {i > 0 && '; '}
                    <b>{termText(m.term)}</b> ({m.fields.map((f) => FIELD_LABEL[f] ?? f).join(', ')})
                  </>
                ))}
              </p>
              <p class="muted">Từ của câu hỏi tìm thấy: {r.queryTerms.map(termText).join(', ') || '—'}</p>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

/** The gaps list: questions the bot could not answer well, with one click to a new entry or a question variant. */
export function faqGapsPage(p: { session: PageSession; gaps: FaqGap[]; total: number; entries: FaqEntry[]; timeZone: string; flash?: Flash }) {
  const { session } = p;
  return (
    <Layout title="Câu hỏi chưa có câu trả lời tốt" session={session}>
      <p class="muted">
        <a href="/faqs">Kho hỏi đáp</a> › Câu hỏi chưa có câu trả lời tốt
      </p>
      <h1>Câu hỏi chưa có câu trả lời tốt ({p.total})</h1>
      <FlashNotice flash={p.flash} />
      <p>Câu hỏi bot không trả lời chắc chắn, hoặc câu trả lời bị người dân bấm 👎 — hỏi nhiều nhất trước.</p>
      {p.gaps.length === 0 && <p>Hiện không có câu hỏi nào cần bổ sung.</p>}
      {p.gaps.map((g, i) => (
        <article class="card" aria-labelledby={`gap-${i}`}>
          <h2 id={`gap-${i}`}>“{g.example}”</h2>
          <p class="muted">
            {g.count} lần ({g.noAnswer} không có câu trả lời chắc chắn, {g.notHelpful} bấm 👎) · lần cuối {formatVnDateTime(g.lastAskedAt, p.timeZone)}
          </p>
          <div class="actions">
            <a class="button" href={`/faqs/new?${new URLSearchParams({ gap: g.normalized, question: g.example })}`}>
              Tạo mục mới từ câu hỏi này
            </a>
          </div>
          <form method="post" action="/faqs/gaps/variant" class="filters">
            <Csrf session={session} />
            <input type="hidden" name="gap" value={g.normalized} />
            <input type="hidden" name="question" value={g.example} />
            <div class="field">
              <label for={`gap-entry-${i}`}>…hoặc thêm làm một cách hỏi của mục</label>
              <select id={`gap-entry-${i}`} name="entryId" required>
                <option value="">— Chọn mục —</option>
                {p.entries.map((e) => (
                  <option value={String(e.id)} selected={g.entryIds.includes(e.id)}>
                    {e.title}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="secondary">Thêm cách hỏi</button>
          </form>
        </article>
      ))}
    </Layout>
  );
}
