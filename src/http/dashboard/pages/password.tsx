import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import { MIN_PASSWORD_LENGTH } from '../../../domain/staff-users.js';
import { Csrf, Layout } from './layout.js';

export function passwordPage(session: DashboardSession, p: { error?: string; done?: boolean } = {}) {
  return (
    <Layout title="Đổi mật khẩu" session={session}>
      <div class="narrow">
        <h1>Đổi mật khẩu</h1>
        {p.error && <p class="notice error" role="alert">{p.error}</p>}
        {p.done && <p class="notice ok" role="status">Đã đổi mật khẩu. Các phiên đăng nhập khác của anh/chị đã được đăng xuất.</p>}
        <form method="post" action="/password" class="stack">
          <Csrf session={session} />
          <input type="text" name="username" autocomplete="username" value={session.user.username} hidden />
          <label for="current">Mật khẩu hiện tại</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required />
          <label for="next">Mật khẩu mới (ít nhất {MIN_PASSWORD_LENGTH} ký tự)</label>
          <input id="next" name="next" type="password" autocomplete="new-password" required minlength={MIN_PASSWORD_LENGTH} />
          <label for="again">Nhập lại mật khẩu mới</label>
          <input id="again" name="again" type="password" autocomplete="new-password" required minlength={MIN_PASSWORD_LENGTH} />
          <button type="submit">Đổi mật khẩu</button>
        </form>
      </div>
    </Layout>
  );
}
