import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import type { PageSession } from '../env.js';
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

/** A mistake on the page it happened on (the form shown again with what was typed). */
export function ErrorNotice(props: { error: string | undefined; id?: string }) {
  if (!props.error) return null;
  return (
    <p class="notice error" role="alert" id={props.id}>
      {props.error}
    </p>
  );
}

/** "← Trang trước · Trang sau →" for a paged list; `href` gives the address of an offset. */
export function Pager(props: { offset: number; size: number; total: number; href: (offset: number) => string }) {
  const end = Math.min(props.total, props.offset + props.size);
  return (
    <p class="pager">
      {props.offset > 0 && <a href={props.href(Math.max(0, props.offset - props.size))}>← Trang trước</a>}
      {end < props.total && <a href={props.href(end)}>Trang sau →</a>}
    </p>
  );
}

export function canAct(session: DashboardSession | undefined): boolean {
  return session?.user.role === 'staff' || session?.user.role === 'admin';
}

/** The pages, in the office's words; `staff` ones are hidden from the viewer role. */
const PAGES = [
  { href: '/', label: 'Tổng quan', staff: false },
  { href: '/inbox', label: 'Hộp thư phản ánh', staff: true },
  { href: '/broadcasts', label: 'Thông báo', staff: false },
  { href: '/faqs', label: 'Kho hỏi đáp', staff: false },
  { href: '/models', label: 'Mô hình hay', staff: false },
  { href: '/punctuality', label: 'Chuyên cần', staff: false },
  { href: '/admin', label: 'Quản trị', staff: true },
] as const;

function current(path: string | undefined, href: string): boolean {
  if (!path) return false;
  return href === '/' ? path === '/' || path.startsWith('/requirements') || path.startsWith('/units') : path === href || path.startsWith(`${href}/`);
}

/** The main navigation, with the inbox's open and overdue tickets beside its name. */
function MainNav(props: { session: PageSession }) {
  const { session } = props;
  const staff = canAct(session);
  return (
    <nav aria-label="Các trang" class="pages" id="main-nav">
      {PAGES.filter((p) => staff || !p.staff).map((p) => (
        <a href={p.href} aria-current={current(session.path, p.href) ? 'page' : undefined}>
          {p.label}
          {p.href === '/inbox' && session.inbox && session.inbox.open > 0 && (
            <span class={session.inbox.overdue > 0 ? 'badge late' : 'badge'} aria-label={`${session.inbox.open} phiếu cần xử lý${session.inbox.overdue > 0 ? `, ${session.inbox.overdue} quá hạn` : ''}`}>
              {session.inbox.open}
              {session.inbox.overdue > 0 && ` · ${session.inbox.overdue} quá hạn`}
            </span>
          )}
        </a>
      ))}
    </nav>
  );
}

/**
 * Every dashboard page: one stylesheet and one script from our own files, no inline code (CSP).
 * `live` opens the news stream; `refresh` names the regions (ids) the script swaps in fresh when news come.
 */
export function Layout(props: { title: string; session?: PageSession; children: Child; live?: boolean; refresh?: string[] }) {
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
      <body data-live={props.live || props.refresh ? '1' : undefined} data-refresh={props.refresh?.join(' ')}>
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
          {session && <MainNav session={session} />}
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
    </>
  );
}
