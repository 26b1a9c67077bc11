import type { ModelList, ModelQuery, ReportedModel } from '../../../domain/models.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { REVIEW_LABEL } from './labels.js';
import { canAct, Csrf, FlashNotice, Layout } from './layout.js';
import { FilterSelect } from './filter-select.js';

/** The filters as the address bar carries them (the export link keeps them too). */
export function modelQueryString(q: ModelQuery): string {
  const p = new URLSearchParams();
  if (q.unitKind) p.set('kind', q.unitKind);
  if (q.area) p.set('area', q.area);
  if (q.campaignId !== undefined) p.set('campaign', String(q.campaignId));
  if (q.replicated !== undefined) p.set('marked', q.replicated ? '1' : '0');
  const s = p.toString();
  return s ? `?${s}` : '';
}

function ModelCard(props: { m: ReportedModel; session: PageSession; back: string; timeZone: string }) {
  const { m, session } = props;
  const key = `${m.requirement.id}-${m.unit.id}`;
  return (
    <article class="card" aria-labelledby={`model-title-${key}`} id={`model-${key}`}>
      <h2 id={`model-title-${key}`}>
        <a href={`/units/${m.unit.id}#submission-${m.submissionId}`}>{m.unit.name}</a>
        {m.replication && <span class="badge late"> nhân rộng</span>}
      </h2>
      <p class="muted">
        {m.unit.kindLabel}
        {m.unit.area && ` · ${m.unit.area}`} · {m.campaign.title} — {m.requirement.title} (lần {m.version}, {REVIEW_LABEL[m.reviewState].toLowerCase()})
        {m.count !== null && ` · ${m.count} mô hình được công nhận`}
      </p>
      <p class="pre">{m.text}</p>
      {m.replication && (
        <p class="notice ok">
          Nhân rộng: {m.replication.note} <span class="muted">— {m.replication.markedBy}, {formatVnDateTime(m.replication.markedAt, props.timeZone)}</span>
        </p>
      )}
      {canAct(session) && (
        <details class="action">
          <summary>{m.replication ? 'Sửa ghi chú hoặc bỏ đánh dấu…' : 'Đánh dấu nhân rộng…'}</summary>
          <form method="post" action="/models/mark" class="stack">
            <Csrf session={session} />
            <input type="hidden" name="requirementId" value={String(m.requirement.id)} />
            <input type="hidden" name="unitId" value={String(m.unit.id)} />
            <input type="hidden" name="back" value={props.back} />
            <label for={`note-${key}`}>Ghi chú (vì sao, nhân rộng ở đâu, cách nào)</label>
            <textarea id={`note-${key}`} name="note" rows={2} required maxlength={1000}>
              {m.replication?.note ?? ''}
            </textarea>
            <button type="submit">{m.replication ? 'Lưu ghi chú' : 'Đánh dấu nhân rộng'}</button>
          </form>
          {m.replication && (
            <form method="post" action="/models/unmark" class="inline">
              <Csrf session={session} />
              <input type="hidden" name="requirementId" value={String(m.requirement.id)} />
              <input type="hidden" name="unitId" value={String(m.unit.id)} />
              <input type="hidden" name="back" value={props.back} />
              <button type="submit" class="small secondary">Bỏ đánh dấu</button>
            </form>
          )}
        </details>
      )}
    </article>
  );
}

/** "Phát hiện, nhân rộng các mô hình hay": what units reported through the report form, filterable, markable, exported. */
export function modelsPage(p: { session: PageSession; list: ModelList; query: ModelQuery; timeZone: string; flash?: Flash }) {
  const { list, query, session } = p;
  const qs = modelQueryString(query);
  return (
    <Layout title="Mô hình hay" session={session}>
      <h1>Mô hình “Dân vận khéo”</h1>
      <FlashNotice flash={p.flash} />
      <p>
        Mô hình tiêu biểu các đơn vị báo cáo qua mẫu báo cáo kết quả. Đánh dấu những mô hình cần nhân rộng. <a href={`/models.xlsx${qs}`}>Tải danh sách (Excel)</a>
      </p>
      <form method="get" action="/models" class="filters" data-autosubmit role="search" aria-label="Lọc mô hình">
        <FilterSelect id="m-kind" label="Loại đơn vị" name="kind" selected={query.unitKind} options={list.kinds.map((k) => ({ value: k.key, label: k.label, count: k.count }))} />
        <div class="field">
          <label for="m-area">Địa bàn</label>
          <select id="m-area" name="area">
            <option value="">Tất cả</option>
            {list.areas.map((a) => (
              <option value={a.area} selected={query.area === a.area}>
                {a.area} ({a.count})
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="m-campaign">Kế hoạch</label>
          <select id="m-campaign" name="campaign">
            <option value="">Tất cả</option>
            {list.campaigns.map((c) => (
              <option value={String(c.id)} selected={query.campaignId === c.id}>
                {c.title} ({c.count})
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="m-marked">Nhân rộng</label>
          <select id="m-marked" name="marked">
            <option value="">Tất cả</option>
            <option value="1" selected={query.replicated === true}>Đã đánh dấu</option>
            <option value="0" selected={query.replicated === false}>Chưa đánh dấu</option>
          </select>
        </div>
        <button type="submit" class="secondary">Lọc</button>
        <a href="/models">Bỏ lọc</a>
      </form>
      <p role="status" id="models-count">
        {list.items.length} mô hình
      </p>
      {list.items.map((m) => (
        <ModelCard m={m} session={session} back={`/models${qs}`} timeZone={p.timeZone} />
      ))}
    </Layout>
  );
}
