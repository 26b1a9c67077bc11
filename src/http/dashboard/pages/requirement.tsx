import { raw } from 'hono/html';
import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import type { RequirementRows, RowQuery, RowSort } from '../../../domain/requirement-rows.js';
import { STATUS_ORDER } from '../../../domain/requirement-status.js';
import { vnDateTimeFormatter } from '../../../lib/local-iso.js';
import { formatVnDateTime } from '../../../lib/time.js';
import { ProgressBar } from './charts.js';
import { KIND_LABEL, STATUS_LABEL } from './labels.js';
import { requirementRowsHtml } from './requirement-rows-html.js';
import type { Flash } from '../flash.js';
import { canAct, Csrf, FlashNotice, Layout } from './layout.js';
import { FilterSelect } from './filter-select.js';

const COLUMNS: { sort: RowSort; label: string }[] = [
  { sort: 'name', label: 'Đơn vị' },
  { sort: 'kind', label: 'Loại' },
  { sort: 'parent', label: 'Cấp trên' },
  { sort: 'status', label: 'Trạng thái' },
  { sort: 'received', label: 'Nhận lúc' },
  { sort: 'daysLate', label: 'Số ngày trễ' },
];

function queryString(q: RowQuery, change: Partial<RowQuery>): string {
  const merged = { ...q, ...change };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  if (merged.status) params.set('status', merged.status);
  if (merged.kind) params.set('kind', merged.kind);
  if (merged.parentId !== undefined) params.set('parent', String(merged.parentId));
  if (merged.sort && merged.sort !== 'status') params.set('sort', merged.sort);
  if (merged.desc) params.set('dir', 'desc');
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function requirementPage(p: { session: DashboardSession; data: RequirementRows; query: RowQuery; timeZone: string; flash?: Flash }) {
  const { data, query, session, timeZone } = p;
  const req = data.requirement;
  const act = canAct(session) && req.status === 'open';
  const owing = data.progress.owing;
  const when = vnDateTimeFormatter(timeZone);
  const sortHeader = (col: { sort: RowSort; label: string }) => {
    const active = (query.sort ?? 'status') === col.sort;
    const desc = active && query.desc;
    return (
      <th scope="col" aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined}>
        <a href={queryString(query, { sort: col.sort, desc: active ? !query.desc : false })}>
          {col.label}
          {active ? (desc ? ' ▼' : ' ▲') : ''}
        </a>
      </th>
    );
  };
  return (
    <Layout title={req.title} session={session}>
      <p class="muted">
        <a href="/">Tổng quan</a> › {data.campaign.title}
      </p>
      <h1>{req.title}</h1>
      <p>
        {KIND_LABEL[req.kind]} · hạn chung {formatVnDateTime(req.dueAt, timeZone)}
        {req.status === 'closed' && <b> · đã đóng</b>}
      </p>
      <FlashNotice flash={p.flash} />
      <ProgressBar progress={data.progress} />
      <p class="exports">
        Tải về: <a href={`/exports/requirements/${req.id}/tong-hop.xlsx`}>Bảng tổng hợp (Excel)</a> · <a href={`/exports/requirements/${req.id}/tong-hop.csv`}>CSV</a> ·{' '}
        <a href={`/exports/requirements/${req.id}/bao-cao.docx`}>Dự thảo báo cáo (Word)</a> · <a href={`/exports/requirements/${req.id}/tep.zip`}>Tệp đã nhận (ZIP)</a>
      </p>
      {act && owing > 0 && (
        <form method="post" action={`/requirements/${req.id}/remind-all`} class="actions" data-confirm={`Gửi nhắc cho ${owing} đơn vị chưa nộp?`}>
          <Csrf session={session} />
          <button type="submit">Nhắc tất cả đơn vị chưa nộp ({owing})</button>
        </form>
      )}
      <form method="get" class="filters" data-autosubmit role="search" aria-label="Lọc danh sách đơn vị">
        <div class="field">
          <label for="f-q">Tìm đơn vị</label>
          <input id="f-q" type="search" name="q" value={query.q ?? ''} placeholder="vd: chau doc" />
        </div>
        <div class="field">
          <label for="f-status">Trạng thái</label>
          <select id="f-status" name="status">
            <option value="">Tất cả ({data.counts.total})</option>
            {STATUS_ORDER.map((s) => (
              <option value={s} selected={query.status === s}>
                {STATUS_LABEL[s]} ({data.counts[s]})
              </option>
            ))}
          </select>
        </div>
        <FilterSelect id="f-kind" label="Loại đơn vị" name="kind" selected={query.kind} options={data.kinds.map((k) => ({ value: k.key, label: k.label, count: k.count }))} />
        <div class="field">
          <label for="f-parent">Cấp trên</label>
          <select id="f-parent" name="parent">
            <option value="">Tất cả</option>
            {data.parents.map((u) => (
              <option value={String(u.id)} selected={query.parentId === u.id}>
                {u.name} ({u.count})
              </option>
            ))}
          </select>
        </div>
        {query.sort && <input type="hidden" name="sort" value={query.sort} />}
        {query.desc && <input type="hidden" name="dir" value="desc" />}
        <button type="submit" class="secondary">Lọc</button>
        <a href={`/requirements/${req.id}`}>Bỏ lọc</a>
      </form>
      <p id="row-count" role="status">
        {data.rows.length} / {data.counts.total} đơn vị
      </p>
      <form method="post" action={`/requirements/${req.id}/remind`} class="table-form">
        {act && <Csrf session={session} />}
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="row-count">
          <table>
            <thead>
              <tr>
                {COLUMNS.map(sortHeader)}
                <th scope="col" class="num">Lần nộp</th>
                <th scope="col">Đầu mối</th>
                <th scope="col">Bot nhắc được?</th>
                <th scope="col">Hạn của đơn vị</th>
                {act && <th scope="col">Thao tác</th>}
              </tr>
            </thead>
            <tbody>{raw(requirementRowsHtml(data.rows, { requirementId: req.id, when, act }))}</tbody>
          </table>
        </div>
      </form>
    </Layout>
  );
}
