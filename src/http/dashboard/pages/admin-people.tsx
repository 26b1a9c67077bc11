import type { ApiToken } from '../../../domain/api-tokens.js';
import type { StaffUser } from '../../../domain/staff-users.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { Csrf, ErrorNotice, FlashNotice, Layout, ROLE_LABEL } from './layout.js';

const ROLES = ['viewer', 'staff', 'admin'] as const;

function RoleSelect(props: { id: string; value: string }) {
  return (
    <select id={props.id} name="role">
      {ROLES.map((r) => (
        <option value={r} selected={props.value === r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </select>
  );
}

const Crumbs = (props: { here: string }) => (
  <p class="muted">
    <a href="/admin">Quản trị</a> › {props.here}
  </p>
);

export type StaffDraft = { username: string; displayName: string; email: string; role: string };

/** Staff users (admin only): create with a password, change role, deactivate, set a new password. */
export function staffUsersPage(p: { session: PageSession; users: StaffUser[]; draft: StaffDraft; error?: string; flash?: Flash }) {
  const { session } = p;
  return (
    <Layout title="Cán bộ và quyền" session={session}>
      <Crumbs here="Cán bộ và quyền" />
      <h1>Cán bộ và quyền</h1>
      <FlashNotice flash={p.flash} />
      {p.users.map((u) => (
        <details class="card">
          <summary>
            <b>{u.displayName}</b> ({u.username}) — {ROLE_LABEL[u.role]}
            {!u.active && <span class="late"> · đã khóa</span>}
          </summary>
          <form method="post" action={`/admin/staff/${u.id}`} class="stack narrow">
            <Csrf session={session} />
            <label for={`sn-${u.id}`}>Họ tên</label>
            <input id={`sn-${u.id}`} name="displayName" required maxlength={200} value={u.displayName} />
            <label for={`sr-${u.id}`}>Vai trò</label>
            <RoleSelect id={`sr-${u.id}`} value={u.role} />
            <label for={`sp-${u.id}`}>Mật khẩu mới (để trống: giữ nguyên)</label>
            <input id={`sp-${u.id}`} name="password" type="password" autocomplete="new-password" minlength={10} />
            <label>
              <input type="checkbox" name="active" value="1" checked={u.active} /> Được đăng nhập
            </label>
            <button type="submit" aria-label={`Lưu ${u.username}`}>Lưu</button>
          </form>
        </details>
      ))}
      <section class="card" aria-labelledby="new-user">
        <h2 id="new-user">Thêm cán bộ</h2>
        <ErrorNotice error={p.error} />
        <form method="post" action="/admin/staff" class="stack narrow">
          <Csrf session={session} />
          <label for="nu-username">Tên đăng nhập (chữ thường không dấu, số, . _ -)</label>
          <input id="nu-username" name="username" required maxlength={40} value={p.draft.username} autocomplete="off" />
          <label for="nu-name">Họ tên</label>
          <input id="nu-name" name="displayName" required maxlength={200} value={p.draft.displayName} />
          <label for="nu-email">Thư điện tử (không bắt buộc)</label>
          <input id="nu-email" name="email" type="email" maxlength={200} value={p.draft.email} />
          <label for="nu-role">Vai trò</label>
          <RoleSelect id="nu-role" value={p.draft.role || 'staff'} />
          <label for="nu-password">Mật khẩu (ít nhất 10 ký tự)</label>
          <input id="nu-password" name="password" type="password" required minlength={10} autocomplete="new-password" />
          <button type="submit">Thêm cán bộ</button>
        </form>
      </section>
    </Layout>
  );
}

/** API tokens (admin only): a new token is shown once; revoking takes effect at its next request. */
export function tokensPage(p: { session: PageSession; tokens: ApiToken[]; users: StaffUser[]; created?: string; timeZone: string; error?: string; flash?: Flash }) {
  const { session } = p;
  const when = (d: Date | null) => (d ? formatVnDateTime(d, p.timeZone) : '—');
  return (
    <Layout title="Khóa API" session={session}>
      <Crumbs here="Khóa API" />
      <h1>Khóa API</h1>
      <FlashNotice flash={p.flash} />
      {p.created && (
        <section class="notice ok" role="status" aria-labelledby="token-once">
          <h2 id="token-once">Khóa mới — chỉ hiện một lần</h2>
          <label for="new-token">Sao chép khóa này ngay; Cầu Nối chỉ lưu bản băm của nó.</label>
          <input id="new-token" readonly value={p.created} />
        </section>
      )}
      <div class="table-wrap" tabindex={0} role="region" aria-label="Các khóa API">
        <table>
          <thead>
            <tr>
              <th scope="col">Tên</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Đầu khóa</th>
              <th scope="col">Hết hạn</th>
              <th scope="col">Dùng lần cuối</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {p.tokens.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td>{ROLE_LABEL[t.role]}</td>
                <td>{t.tokenPrefix}…</td>
                <td>{when(t.expiresAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>
                  {t.revokedAt ? (
                    `đã thu hồi ${when(t.revokedAt)}`
                  ) : (
                    <form method="post" action={`/admin/tokens/${t.id}/revoke`} class="inline" data-confirm={`Thu hồi khóa ${t.name}?`}>
                      <Csrf session={session} />
                      <button type="submit" class="small secondary" aria-label={`Thu hồi khóa ${t.name}`}>
                        Thu hồi
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="card" aria-labelledby="new-token-title">
        <h2 id="new-token-title">Tạo khóa</h2>
        <ErrorNotice error={p.error} />
        <form method="post" action="/admin/tokens" class="stack narrow">
          <Csrf session={session} />
          <label for="t-name">Tên (phần mềm nào dùng khóa)</label>
          <input id="t-name" name="name" required maxlength={100} />
          <label for="t-role">Vai trò</label>
          <RoleSelect id="t-role" value="viewer" />
          <label for="t-user">Theo quyền của cán bộ (không bắt buộc)</label>
          <select id="t-user" name="staffUserId">
            <option value="">— Không gắn với cán bộ —</option>
            {p.users.map((u) => (
              <option value={String(u.id)}>
                {u.displayName} ({u.username})
              </option>
            ))}
          </select>
          <label for="t-days">Hết hạn sau (ngày; để trống: không hết hạn)</label>
          <input id="t-days" name="expiresDays" type="number" min={1} max={3650} />
          <button type="submit">Tạo khóa</button>
        </form>
      </section>
    </Layout>
  );
}
