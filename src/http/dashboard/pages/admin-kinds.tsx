import type { UnitKind } from '../../../domain/unit-kinds.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { Csrf, FlashNotice, Layout } from './layout.js';

/** Unit kinds are data: add next year's kinds, rename, reorder. */
export function unitKindsPage(p: { session: PageSession; kinds: UnitKind[]; flash?: Flash }) {
  const { session } = p;
  return (
    <Layout title="Loại đơn vị" session={session}>
      <p class="muted">
        <a href="/admin">Quản trị</a> › <a href="/admin/units">Đơn vị</a> › Loại đơn vị
      </p>
      <h1>Loại đơn vị</h1>
      <FlashNotice flash={p.flash} />
      <div class="table-wrap" tabindex={0} role="region" aria-label="Các loại đơn vị">
        <table>
          <thead>
            <tr>
              <th scope="col">Mã loại</th>
              <th scope="col">Tên và thứ tự</th>
            </tr>
          </thead>
          <tbody>
            {p.kinds.map((k) => (
              <tr>
                <td>{k.key}</td>
                <td>
                  <form method="post" action={`/admin/unit-kinds/${k.key}`} class="filters">
                    <Csrf session={session} />
                    <div class="field">
                      <label for={`kl-${k.key}`}>Tên</label>
                      <input id={`kl-${k.key}`} name="label" value={k.label} required maxlength={200} />
                    </div>
                    <div class="field">
                      <label for={`ks-${k.key}`}>Thứ tự</label>
                      <input id={`ks-${k.key}`} name="sortOrder" type="number" value={String(k.sortOrder)} min={0} max={100000} />
                    </div>
                    <button type="submit" class="small secondary" aria-label={`Lưu loại ${k.label}`}>Lưu</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="card" aria-labelledby="new-kind">
        <h2 id="new-kind">Thêm loại đơn vị</h2>
        <form method="post" action="/admin/unit-kinds" class="stack narrow">
          <Csrf session={session} />
          <label for="k-key">Mã loại (chữ thường không dấu, số, _), vd: ubnd_xa</label>
          <input id="k-key" name="key" required maxlength={40} pattern="[a-z][a-z0-9_]{1,39}" />
          <label for="k-label">Tên loại</label>
          <input id="k-label" name="label" required maxlength={200} />
          <button type="submit">Thêm loại</button>
        </form>
      </section>
    </Layout>
  );
}
