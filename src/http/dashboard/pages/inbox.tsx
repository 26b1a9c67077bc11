import { raw } from 'hono/html';
import { INBOX_VIEWS, TICKET_KINDS, type Inbox, type InboxQuery, type InboxRow, type InboxView } from '../../../domain/ticket-inbox.js';
import { vnDateTimeFormatter } from '../../../lib/local-iso.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { TICKET_KIND_LABEL, TICKET_STATUS_LABEL } from './labels.js';
import { FlashNotice, Layout, Pager } from './layout.js';
import { escapeHtml } from './requirement-rows-html.js';
import { FilterSelect } from './filter-select.js';

export const INBOX_PAGE_SIZE = 100;

const VIEW_LABEL: Record<InboxView, string> = { open: 'Cần xử lý', answered: 'Đã trả lời', closed: 'Đã đóng', all: 'Tất cả' };

/** The query as the address bar carries it, with one change. */
export function inboxHref(q: InboxQuery, change: Partial<InboxQuery> = {}): string {
  const m = { ...q, offset: 0, ...change };
  const params = new URLSearchParams();
  if (m.view !== 'open') params.set('view', m.view);
  if (m.kind) params.set('kind', m.kind);
  if (m.due) params.set('due', m.due);
  if (m.assignee !== undefined) params.set('assignee', String(m.assignee));
  if (m.sort !== 'due') params.set('sort', m.sort);
  if (m.offset > 0) params.set('offset', String(m.offset));
  const s = params.toString();
  return `/inbox${s ? `?${s}` : ''}`;
}

/**
 * The table's rows as one string (a page of 100 among thousands of tickets): every value from
 * the database through escapeHtml. Overdue in red, due today in amber, said in words too.
 */
export function inboxRowsHtml(rows: InboxRow[], when: (d: Date) => string): string {
  const out: string[] = [];
  for (const r of rows) {
    const due = r.nextDueAt === null ? '—' : when(r.nextDueAt);
    const urgency = r.urgency === 'overdue' ? ' <b>(quá hạn)</b>' : r.urgency === 'today' ? ' <b>(hôm nay)</b>' : '';
    const waiting = r.awaitingStaff ? ' <span class="badge">chờ trả lời</span>' : '';
    out.push(
      `<tr${r.urgency ? ` class="due-${r.urgency}"` : ''}>` +
        `<td><a href="/inbox/${r.id}">${escapeHtml(r.code)}</a></td>` +
        `<td>${TICKET_KIND_LABEL[r.kind]}</td>` +
        `<td>${escapeHtml(r.subject)}</td>` +
        `<td>${when(r.receivedAt)}</td>` +
        `<td class="due">${due}${urgency}</td>` +
        `<td>${TICKET_STATUS_LABEL[r.status]}</td>` +
        `<td>${r.assigneeName === null ? '—' : escapeHtml(r.assigneeName)}</td>` +
        `<td class="num">${r.messages}${waiting}</td>` +
        '</tr>',
    );
  }
  return out.join('');
}

export function inboxPage(p: { session: PageSession; inbox: Inbox; query: InboxQuery; timeZone: string; flash?: Flash }) {
  const { inbox, query, session } = p;
  const { counts } = inbox;
  const when = vnDateTimeFormatter(p.timeZone);
  const pageEnd = Math.min(inbox.total, query.offset + INBOX_PAGE_SIZE);
  return (
    <Layout title="Hộp thư phản ánh" session={session} refresh={['inbox-tabs', 'inbox-list', 'main-nav']}>
      <h1>Hộp thư phản ánh</h1>
      <FlashNotice flash={p.flash} />
      <p>
        Câu hỏi cán bộ cần trả lời, phản ánh, khiếu nại và tố cáo người dân gửi qua bot.{' '}
        <a href="/inbox/saved-replies">Mẫu trả lời</a> · <a href="#register-title">Sổ theo dõi (Excel)</a>
      </p>
      <nav aria-label="Nhóm phiếu" class="tabs" id="inbox-tabs">
        {INBOX_VIEWS.map((v) => (
          <a href={inboxHref(query, { view: v })} aria-current={query.view === v ? 'page' : undefined}>
            {VIEW_LABEL[v]} ({counts.byView[v]})
          </a>
        ))}
      </nav>
      <form method="get" action="/inbox" class="filters" data-autosubmit role="search" aria-label="Lọc phiếu">
        {query.view !== 'open' && <input type="hidden" name="view" value={query.view} />}
        <FilterSelect id="f-kind" label="Loại phiếu" name="kind" selected={query.kind} options={TICKET_KINDS.map((k) => ({ value: k, label: TICKET_KIND_LABEL[k], count: counts.byKind[k] }))} />
        <div class="field">
          <label for="f-due">Hạn</label>
          <select id="f-due" name="due">
            <option value="">Mọi hạn</option>
            <option value="overdue" selected={query.due === 'overdue'}>Quá hạn ({counts.overdue})</option>
            <option value="today" selected={query.due === 'today'}>Đến hạn hôm nay ({counts.dueToday})</option>
          </select>
        </div>
        <div class="field">
          <label for="f-assignee">Người xử lý</label>
          <select id="f-assignee" name="assignee">
            <option value="">Mọi người</option>
            <option value={String(session.user.id)} selected={query.assignee === session.user.id}>Của tôi</option>
            <option value="none" selected={query.assignee === 'none'}>Chưa ai nhận</option>
          </select>
        </div>
        <div class="field">
          <label for="f-sort">Sắp xếp</label>
          <select id="f-sort" name="sort">
            <option value="due">Hạn gần nhất trước</option>
            <option value="newest" selected={query.sort === 'newest'}>Mới nhận trước</option>
          </select>
        </div>
        <button type="submit" class="secondary">Lọc</button>
        <a href="/inbox">Bỏ lọc</a>
      </form>
      <section id="inbox-list" aria-labelledby="inbox-count">
        <p id="inbox-count" role="status">
          {inbox.total === 0 ? 'Không có phiếu nào.' : `Phiếu ${query.offset + 1}–${pageEnd} / ${inbox.total}`}
          {counts.overdue > 0 && <b class="late"> · {counts.overdue} phiếu quá hạn</b>}
        </p>
        {inbox.total > 0 && (
          <div class="table-wrap" tabindex={0} role="region" aria-labelledby="inbox-count">
            <table>
              <thead>
                <tr>
                  <th scope="col">Mã phiếu</th>
                  <th scope="col">Loại</th>
                  <th scope="col">Tóm tắt</th>
                  <th scope="col">Nhận lúc</th>
                  <th scope="col">Hạn tiếp theo</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Người xử lý</th>
                  <th scope="col" class="num">Tin nhắn</th>
                </tr>
              </thead>
              <tbody>{raw(inboxRowsHtml(inbox.rows, when))}</tbody>
            </table>
          </div>
        )}
        <Pager offset={query.offset} size={INBOX_PAGE_SIZE} total={inbox.total} href={(offset) => inboxHref(query, { offset })} />
      </section>
      <section aria-labelledby="register-title" class="card">
        <h2 id="register-title">Sổ theo dõi phiếu (Excel)</h2>
        <p>Mã phiếu, loại, ngày nhận, hạn, ngày trả lời, ngày đóng, đúng hạn hay không — cho các phiếu nhận trong khoảng ngày chọn.</p>
        <form method="get" action="/inbox/register.xlsx" class="filters">
          <div class="field">
            <label for="r-from">Từ ngày</label>
            <input id="r-from" type="date" name="from" required />
          </div>
          <div class="field">
            <label for="r-to">Đến ngày</label>
            <input id="r-to" type="date" name="to" required />
          </div>
          {session.user.role === 'admin' && (
            <div class="field check">
              <input id="r-people" type="checkbox" name="requesters" value="1" />
              <label for="r-people">Kèm người gửi (cả người tố cáo; việc tải được ghi nhật ký)</label>
            </div>
          )}
          <button type="submit" class="secondary">Tải sổ theo dõi</button>
        </form>
      </section>
    </Layout>
  );
}
