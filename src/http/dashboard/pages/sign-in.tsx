import { Layout } from './layout.js';

export function signInPage(p: { csrf: string; next: string; username?: string; error?: string }) {
  return (
    <Layout title="Đăng nhập">
      <div class="narrow">
        <h1>Đăng nhập</h1>
        <p>Trang theo dõi kế hoạch, bài nộp và báo cáo của Phòng Chính trị, tư tưởng.</p>
        {p.error && (
          <p class="notice error" role="alert" id="sign-in-error">
            {p.error}
          </p>
        )}
        <form method="post" action="/sign-in" class="stack">
          <input type="hidden" name="_csrf" value={p.csrf} />
          <input type="hidden" name="next" value={p.next} />
          <label for="username">Tên đăng nhập</label>
          <input id="username" name="username" autocomplete="username" required value={p.username ?? ''} autofocus aria-describedby={p.error ? 'sign-in-error' : undefined} />
          <label for="password">Mật khẩu</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">Đăng nhập</button>
        </form>
      </div>
    </Layout>
  );
}
