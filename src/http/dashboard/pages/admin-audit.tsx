import type { AuditLogEntry } from '../../../domain/audit-log.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import { ErrorNotice, Layout, Pager } from './layout.js';

export const AUDIT_PAGE_SIZE = 100;
export type AuditFilters = { entity: string; action: string; actor: string; from: string; to: string; offset: number };

const short = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const text = JSON.stringify(v);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
};

/** The audit log (admin only), newest first, filtered by what, which action, who and when. */
export function auditPage(p: { session: PageSession; items: AuditLogEntry[]; total: number; filters: AuditFilters; vocabulary: { entities: string[]; actions: string[] }; timeZone: string; error?: string }) {
  const f = p.filters;
  const more = (offset: number) => `/admin/audit?${new URLSearchParams({ ...f, offset: String(offset) })}`;
  const end = Math.min(p.total, f.offset + AUDIT_PAGE_SIZE);
  return (
    <Layout title="Nhật ký thao tác" session={p.session}>
      <p class="muted">
        <a href="/admin">Quản trị</a> › Nhật ký thao tác
      </p>
      <h1>Nhật ký thao tác</h1>
      <ErrorNotice error={p.error} />
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label="Lọc nhật ký">
        <div class="field">
          <label for="a-entity">Đối tượng</label>
          <select id="a-entity" name="entity">
            <option value="">Tất cả</option>
            {p.vocabulary.entities.map((e) => (
              <option value={e} selected={f.entity === e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="a-action">Thao tác</label>
          <select id="a-action" name="action">
            <option value="">Tất cả</option>
            {p.vocabulary.actions.map((a) => (
              <option value={a} selected={f.action === a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="a-actor">Người thực hiện (tên đăng nhập, tên khóa)</label>
          <input id="a-actor" name="actor" value={f.actor} maxlength={100} />
        </div>
        <div class="field">
          <label for="a-from">Từ ngày</label>
          <input id="a-from" name="from" type="date" value={f.from} />
        </div>
        <div class="field">
          <label for="a-to">Đến ngày</label>
          <input id="a-to" name="to" type="date" value={f.to} />
        </div>
        <button type="submit" class="secondary">Lọc</button>
        <a href="/admin/audit">Bỏ lọc</a>
      </form>
      <p id="audit-count" role="status">
        {p.total === 0 ? 'Không có mục nào.' : `Mục ${f.offset + 1}–${end} / ${p.total}`}
      </p>
      {p.items.length > 0 && (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="audit-count">
          <table>
            <thead>
              <tr>
                <th scope="col">Lúc</th>
                <th scope="col">Người thực hiện</th>
                <th scope="col">Thao tác</th>
                <th scope="col">Đối tượng</th>
                <th scope="col">Sau thay đổi</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((e) => (
                <tr>
                  <td>{formatVnDateTime(e.at, p.timeZone)}</td>
                  <td>{e.actorLabel}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.entity}
                    {e.entityId && ` #${e.entityId}`}
                  </td>
                  <td class="code">{short(e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager offset={f.offset} size={AUDIT_PAGE_SIZE} total={p.total} href={more} />
    </Layout>
  );
}
