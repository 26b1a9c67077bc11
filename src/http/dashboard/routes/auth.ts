import { Hono } from 'hono';
import { changeOwnPassword, signIn, signOut } from '../../../domain/dashboard-sessions.js';
import { DomainError } from '../../../core/errors.js';
import { MIN_PASSWORD_LENGTH } from '../../../domain/staff-users.js';
import { safeEqual } from '../../../lib/ids.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { DashboardEnv } from '../env.js';
import { passwordPage } from '../pages/password.js';
import { signInPage } from '../pages/sign-in.js';
import { clearSessionCookie, clientAddress, crossSite, preSessionToken, sessionToken, setSessionCookie, signedIn } from '../session.js';

/** Only our own paths: a `next` pointing elsewhere would make the sign-in an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');

/** Sign-in, sign-out and change password. `/` itself (overview or the sign-in form) lives in overview.ts. */
export function authRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const csrf = preSessionToken(c);
    const next = safeNext(field(form, 'next'));
    const username = field(form, 'username').trim().slice(0, 80);
    const again = (error: string, status: 400 | 403 | 429) => c.html(signInPage({ csrf, next, username, error }), status);
    if (crossSite(c) || !safeEqual(field(form, '_csrf'), csrf)) {
      return again('Trang đăng nhập đã cũ. Anh/chị nhập lại tên đăng nhập và mật khẩu.', 403);
    }
    const password = field(form, 'password');
    if (!username || !password) return again('Anh/chị nhập tên đăng nhập và mật khẩu.', 400);
    const ctx = c.get('ctx');
    const result = signIn(ctx, { username, password: password.slice(0, 1000), address: clientAddress(c), previousToken: sessionToken(c) });
    if (!result.ok && result.reason === 'locked') {
      return again(`Đăng nhập sai nhiều lần nên tạm khóa. Anh/chị thử lại sau ${formatVnDateTime(result.until, ctx.timeZone)}.`, 429);
    }
    if (!result.ok) return again('Tên đăng nhập hoặc mật khẩu không đúng.', 400);
    setSessionCookie(c, result.token);
    return c.redirect(next, 303);
  });

  app.post('/sign-out', signedIn(), (c) => {
    const token = sessionToken(c);
    if (token) signOut(c.get('ctx'), token);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  app.get('/password', signedIn(), (c) => c.html(passwordPage(c.get('session'))));

  app.post('/password', signedIn(), async (c) => {
    const session = c.get('session');
    const form = await c.req.parseBody();
    const [current, next, againText] = [field(form, 'current'), field(form, 'next'), field(form, 'again')];
    const error = (message: string) => c.html(passwordPage(session, { error: message }), 400);
    if (next.length < MIN_PASSWORD_LENGTH) return error(`Mật khẩu mới cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
    if (next !== againText) return error('Hai lần nhập mật khẩu mới không giống nhau.');
    try {
      changeOwnPassword(c.get('ctx'), session, { current, next, address: clientAddress(c) });
    } catch (err) {
      if (err instanceof DomainError) return error(err.message);
      throw err;
    }
    return c.html(passwordPage(session, { done: true }));
  });

  return app;
}

