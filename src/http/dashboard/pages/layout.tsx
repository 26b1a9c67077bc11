import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import type { Flash } from '../flash.js';

export const ROLE_LABEL = { viewer: 'Lãnh đạo (chỉ xem)', staff: 'Cán bộ', admin: 'Quản trị' } as const;

/** The hidden field every state-changing form carries. */
export function Csrf(props: { session: DashboardSession }) {
  return <input type="hidden" name="_csrf" value={props.session.csrfToken} />;
}

/** The result of the last action, announced to screen readers. */
export function FlashNotice(props: { flash: Flash | undefined }) {
  const f = props.flash;
  if (!f) return null;
  return f.kind === 'ok' ? (
    <p class="notice ok" role="status">{f.text}</p>
  ) : (
    <p class="notice error" role="alert">{f.text}</p>
  );
}

export function canAct(session: DashboardSession | undefined): boolean {
  return session?.user.role === 'staff' || session?.user.role === 'admin';
}

/** Every dashboard page: one stylesheet and one script from our own files, no inline code (CSP). */
export function Layout(props: { title: string; session?: DashboardSession; children: Child; live?: boolean }) {
  const { session } = props;
  return (
    <>
    {raw('<!doctype html>')}
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — Cầu Nối`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/dashboard.js" defer></script>
      </head>
      <body data-live={props.live ? '1' : undefined}>
        <a class="skip" href="#main">Bỏ qua, đến nội dung chính</a>
        <header class="top">
          <a class="brand" href="/">Cầu Nối · Phòng CTTT</a>
          {session && (
            <nav aria-label="Tài khoản">
              <span class="who">
                {session.user.displayName} · {ROLE_LABEL[session.user.role]}
              </span>
              <a href="/password">Đổi mật khẩu</a>
              <form method="post" action="/sign-out" class="inline">
                <Csrf session={session} />
                <button type="submit" class="link">Đăng xuất</button>
              </form>
            </nav>
          )}
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
    </>
  );
}
