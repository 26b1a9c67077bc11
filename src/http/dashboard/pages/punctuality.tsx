import { raw } from 'hono/html';
import { SCORE_RULE, type PunctualityQuery, type PunctualityRecord, type PunctualityRow, type PunctualitySort } from '../../../domain/punctuality.js';
import type { PageSession } from '../env.js';
import { Layout } from './layout.js';
import { escapeHtml } from './requirement-rows-html.js';
import { FilterSelect } from './filter-select.js';

const COLUMNS: { sort: PunctualitySort; label: string; num: boolean }[] = [
  { sort: 'name', label: 'Đơn vị', num: false },
  { sort: 'score', label: 'Điểm', num: true },
  { sort: 'onTime', label: 'Đúng hạn', num: true },
  { sort: 'late', label: 'Nộp trễ', num: true },
  { sort: 'daysLate', label: 'Số ngày trễ', num: true },
  { sort: 'missing', label: 'Không nộp', num: true },
  { sort: 'returned', label: 'Bị trả lại', num: true },
];

export function punctualityQueryString(q: PunctualityQuery, change: Partial<PunctualityQuery> = {}): string {
  const m = { ...q, ...change };
  const p = new URLSearchParams();
  if (m.campaignId !== undefined) p.set('campaign', String(m.campaignId));
  if (m.kind) p.set('kind', m.kind);
  if (m.q) p.set('q', m.q);
  if (m.sort && m.sort !== 'score') p.set('sort', m.sort);
  if (m.desc) p.set('dir', 'desc');
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The record's rows as one string (2,000 units): every value from the database through escapeHtml. */
export function punctualityRowsHtml(rows: PunctualityRow[]): string {
  const out: string[] = [];
  rows.forEach((r, i) => {
    out.push(
      `<tr><td><a href="/units/${r.unit.id}">${escapeHtml(r.unit.name)}</a><br><span class="muted">${escapeHtml(r.unit.code)} · ${escapeHtml(r.unit.kindLabel)}</span></td>` +
        `<td class="num score">${r.score === null ? '—' : r.score.toFixed(1)}</td>` +
        `<td class="num">${r.onTime}/${r.asked}</td><td class="num">${r.late}</td><td class="num">${r.daysLate}</td>` +
        `<td class="num${r.missing ? ' late' : ''}">${r.missing}</td><td class="num">${r.returned}</td>` +
        `<td class="num">${i + 1}</td></tr>`,
    );
  });
  return out.join('');
}

export function punctualityPage(p: { session: PageSession; record: PunctualityRecord; query: PunctualityQuery; campaigns: { id: number; title: string }[] }) {
  const { record, query } = p;
  const header = (col: (typeof COLUMNS)[number]) => {
    const active = (query.sort ?? 'score') === col.sort;
    return (
      <th scope="col" class={col.num ? 'num' : undefined} aria-sort={active ? (query.desc ? 'descending' : 'ascending') : undefined}>
        <a href={`/punctuality${punctualityQueryString(query, { sort: col.sort, desc: active ? !query.desc : false })}`}>
          {col.label}
          {active ? (query.desc ? ' ▲' : ' ▼') : ''}
        </a>
      </th>
    );
  };
  return (
    <Layout title="Chuyên cần" session={p.session}>
      <h1>Chuyên cần của đơn vị</h1>
      <p>
        Việc nộp đúng hạn của từng đơn vị qua các kế hoạch và yêu cầu, để xét tiêu chí thi đua. <a href={`/punctuality.xlsx${punctualityQueryString(query)}`}>Tải bảng chuyên cần (Excel)</a>
      </p>
      <details>
        <summary>Cách tính điểm</summary>
        <p>
          Mỗi yêu cầu đã đến hạn: đúng hạn {SCORE_RULE.onTime} điểm; nộp trễ {SCORE_RULE.onTime} trừ {SCORE_RULE.latePerDay} điểm mỗi ngày trễ (trễ trong ngày tính 1 ngày), thấp nhất {SCORE_RULE.lateFloor}; bị trả lại chưa nộp bản đạt {SCORE_RULE.returned}; không nộp {SCORE_RULE.missing}. Yêu cầu chưa đến hạn không tính. Điểm là trung bình cộng. Hạn gia hạn riêng của đơn vị được tính.
        </p>
      </details>
      <form method="get" action="/punctuality" class="filters" data-autosubmit role="search" aria-label="Lọc bảng chuyên cần">
        <div class="field">
          <label for="p-campaign">Kế hoạch</label>
          <select id="p-campaign" name="campaign">
            <option value="">Tất cả kế hoạch</option>
            {p.campaigns.map((c) => (
              <option value={String(c.id)} selected={query.campaignId === c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect id="p-kind" label="Loại đơn vị" name="kind" selected={query.kind} options={record.kinds.map((k) => ({ value: k.key, label: k.label }))} />
        <div class="field">
          <label for="p-q">Tìm đơn vị</label>
          <input id="p-q" type="search" name="q" value={query.q ?? ''} maxlength={200} />
        </div>
        {query.sort && query.sort !== 'score' && <input type="hidden" name="sort" value={query.sort} />}
        {query.desc && <input type="hidden" name="dir" value="desc" />}
        <button type="submit" class="secondary">Lọc</button>
      </form>
      <p id="punctuality-count" role="status">
        {record.rows.length} đơn vị · {record.requirements.length} yêu cầu nộp
      </p>
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby="punctuality-count">
        <table>
          <thead>
            <tr>
              {COLUMNS.map(header)}
              <th scope="col" class="num">Thứ tự</th>
            </tr>
          </thead>
          <tbody>{raw(punctualityRowsHtml(record.rows))}</tbody>
        </table>
      </div>
    </Layout>
  );
}
