import type { ImportError, ImportUnitsResult } from '../../../domain/unit-import.js';
import type { UnitKind } from '../../../domain/unit-kinds.js';
import type { UnitView } from '../../../domain/units.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { Csrf, ErrorNotice, FlashNotice, Layout, Pager } from './layout.js';
import { FilterSelect } from './filter-select.js';

export const UNITS_PAGE_SIZE = 100;

export type UnitDraft = { code: string; name: string; kind: string; parentCode: string; area: string };

const IMPORT_FIELD: Record<string, string> = { code: 'Mã đơn vị', name: 'Tên đơn vị', kind: 'Loại', parentCode: 'Mã cấp trên', area: 'Địa bàn', active: 'Hoạt động', file: 'Tệp' };

function Crumbs(props: { here: string }) {
  return (
    <p class="muted">
      <a href="/admin">Quản trị</a> › {props.here}
    </p>
  );
}

export function UnitFields(props: { draft: UnitDraft; kinds: UnitKind[] }) {
  const { draft } = props;
  return (
    <>
      <label for="u-code">Mã đơn vị (chữ, số, . _ -)</label>
      <input id="u-code" name="code" required maxlength={40} value={draft.code} />
      <label for="u-name">Tên đơn vị</label>
      <input id="u-name" name="name" required maxlength={300} value={draft.name} />
      <label for="u-kind">Loại đơn vị</label>
      <select id="u-kind" name="kind" required>
        {props.kinds.map((k) => (
          <option value={k.key} selected={draft.kind === k.key}>
            {k.label}
          </option>
        ))}
      </select>
      <label for="u-parent">Mã đơn vị cấp trên (để trống nếu không có)</label>
      <input id="u-parent" name="parentCode" maxlength={40} value={draft.parentCode} />
      <label for="u-area">Địa bàn</label>
      <input id="u-area" name="area" maxlength={200} value={draft.area} />
    </>
  );
}

export function adminUnitsPage(p: {
  session: PageSession;
  units: UnitView[];
  total: number;
  query: { q: string; kind: string; active: string; offset: number };
  kinds: UnitKind[];
  draft: UnitDraft;
  error?: string;
  flash?: Flash;
}) {
  const { session, query } = p;
  const kindLabel = new Map(p.kinds.map((k) => [k.key, k.label]));
  const more = (offset: number) => `/admin/units?${new URLSearchParams({ ...query, offset: String(offset) })}`;
  const end = Math.min(p.total, query.offset + UNITS_PAGE_SIZE);
  return (
    <Layout title="Đơn vị" session={session}>
      <Crumbs here="Đơn vị" />
      <h1>Đơn vị</h1>
      <FlashNotice flash={p.flash} />
      <p>
        <a href="/admin/units/import">Nhập từ tệp CSV/Excel</a> · <a href="/admin/unit-kinds">Loại đơn vị</a>
      </p>
      <form method="get" action="/admin/units" class="filters" data-autosubmit role="search" aria-label="Lọc đơn vị">
        <div class="field">
          <label for="f-q">Tìm theo mã hoặc tên</label>
          <input id="f-q" type="search" name="q" value={query.q} maxlength={200} />
        </div>
        <FilterSelect id="f-kind" label="Loại" name="kind" selected={query.kind} options={p.kinds.map((k) => ({ value: k.key, label: k.label }))} />
        <div class="field">
          <label for="f-active">Trạng thái</label>
          <select id="f-active" name="active">
            <option value="">Tất cả</option>
            <option value="true" selected={query.active === 'true'}>Đang hoạt động</option>
            <option value="false" selected={query.active === 'false'}>Ngừng hoạt động</option>
          </select>
        </div>
        <button type="submit" class="secondary">Lọc</button>
      </form>
      <p id="units-count" role="status">
        {p.total === 0 ? 'Không có đơn vị nào.' : `Đơn vị ${query.offset + 1}–${end} / ${p.total}`}
      </p>
      {p.units.length > 0 && (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="units-count">
          <table>
            <thead>
              <tr>
                <th scope="col">Đơn vị</th>
                <th scope="col">Loại</th>
                <th scope="col">Cấp trên</th>
                <th scope="col">Địa bàn</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {p.units.map((u) => (
                <tr>
                  <td>
                    <a href={`/units/${u.id}`}>{u.name}</a>
                    <br />
                    <span class="muted">{u.code}</span>
                  </td>
                  <td>{kindLabel.get(u.kind) ?? u.kind}</td>
                  <td>{u.parent?.name ?? '—'}</td>
                  <td>{u.area ?? '—'}</td>
                  <td>{u.active ? 'Đang hoạt động' : 'Ngừng hoạt động'}</td>
                  <td>
                    <a href={`/admin/units/${u.id}/edit`} aria-label={`Sửa ${u.name}`}>
                      Sửa
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager offset={query.offset} size={UNITS_PAGE_SIZE} total={p.total} href={more} />
      <section class="card" aria-labelledby="new-unit">
        <h2 id="new-unit">Thêm đơn vị</h2>
        <ErrorNotice error={p.error} />
        <form method="post" action="/admin/units" class="stack">
          <Csrf session={session} />
          <UnitFields draft={p.draft} kinds={p.kinds} />
          <button type="submit">Thêm đơn vị</button>
        </form>
      </section>
    </Layout>
  );
}

export function adminUnitEditPage(p: { session: PageSession; unit: UnitView; draft: UnitDraft; kinds: UnitKind[]; error?: string }) {
  const { session, unit } = p;
  return (
    <Layout title={`Sửa ${unit.name}`} session={session}>
      <Crumbs here="Sửa đơn vị" />
      <h1>Sửa: {unit.name}</h1>
      <ErrorNotice error={p.error} />
      <form method="post" action={`/admin/units/${unit.id}/edit`} class="stack narrow">
        <Csrf session={session} />
        <UnitFields draft={p.draft} kinds={p.kinds} />
        <button type="submit">Lưu</button>
      </form>
      <form method="post" action={`/admin/units/${unit.id}/${unit.active ? 'deactivate' : 'activate'}`} data-confirm={unit.active ? `Ngừng hoạt động ${unit.name}? Đơn vị không còn trong đối tượng các yêu cầu và thông báo.` : undefined}>
        <Csrf session={session} />
        <button type="submit" class={unit.active ? 'danger' : 'secondary'}>
          {unit.active ? 'Ngừng hoạt động đơn vị' : 'Cho đơn vị hoạt động lại'}
        </button>
      </form>
    </Layout>
  );
}

/** Import from a spreadsheet: the upload form, then what was done, or every problem by row. */
export function unitImportPage(p: {
  session: PageSession;
  result?: ImportUnitsResult;
  errors?: { message: string; rows: ImportError[]; total: number };
}) {
  const { session, result, errors } = p;
  return (
    <Layout title="Nhập đơn vị từ tệp" session={session}>
      <Crumbs here="Nhập đơn vị từ tệp" />
      <h1>Nhập đơn vị từ tệp</h1>
      <p>
        Tệp CSV (UTF-8) hoặc Excel (.xlsx), dòng đầu là tiêu đề: <b>mã đơn vị</b>, <b>tên đơn vị</b>, <b>loại</b> (mã hoặc tên loại), và nếu có <b>mã cấp trên</b>,{' '}
        <b>địa bàn</b>, <b>hoạt động</b>. Mã đã có thì cập nhật. Một dòng lỗi thì chưa ghi gì: sửa các dòng được nêu rồi tải lại.
      </p>
      {result && (
        <p class="notice ok" role="status" id="import-result">
          {result.dryRun ? 'Kiểm tra xong, chưa ghi gì: ' : 'Đã nhập xong: '}
          {result.total} đơn vị — {result.created} thêm mới, {result.updated} cập nhật, {result.unchanged} không đổi.
        </p>
      )}
      {errors && (
        <section aria-labelledby="import-errors">
          <ErrorNotice error={errors.message} id="import-errors" />
          {errors.rows.length > 0 && (
            <div class="table-wrap" tabindex={0} role="region" aria-labelledby="import-errors">
              <table>
                <thead>
                  <tr>
                    <th scope="col" class="num">Dòng</th>
                    <th scope="col">Cột</th>
                    <th scope="col">Lỗi</th>
                  </tr>
                </thead>
                <tbody>
                  {errors.rows.map((e) => (
                    <tr>
                      <td class="num">{e.row === 0 ? 'cả tệp' : e.row}</td>
                      <td>{IMPORT_FIELD[e.field] ?? e.field}</td>
                      <td>{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {errors.total > errors.rows.length && <p class="muted">Hiện {errors.rows.length} trên {errors.total} lỗi.</p>}
        </section>
      )}
      <form method="post" action="/admin/units/import" enctype="multipart/form-data" class="stack narrow">
        <Csrf session={session} />
        <label for="import-file">Tệp danh sách đơn vị</label>
        <input id="import-file" type="file" name="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        <label>
          <input type="checkbox" name="dryRun" value="1" /> Chỉ kiểm tra, chưa ghi
        </label>
        <button type="submit">Nhập tệp</button>
      </form>
    </Layout>
  );
}
