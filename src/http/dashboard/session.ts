import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { resolveSession, SESSION_MAX_MS, staffActor } from '../../domain/dashboard-sessions.js';
import type { StaffRole } from '../../domain/context.js';
import { randomSecret, safeEqual } from '../../lib/ids.js';
import { hasRole } from '../auth.js';
import type { DashboardEnv } from './env.js';
import { refusalPage } from './pages/refusal.js';

export const SESSION_COOKIE = 'cn_session';
/** Before sign-in there is no session to hold a CSRF token: the sign-in form double-submits this cookie. */
export const PRE_SESSION_COOKIE = 'cn_presession';

/** Secure whenever the browser talks HTTPS to us, directly or through a reverse proxy. */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

const cookieOptions = (c: Context) => ({ httpOnly: true, sameSite: 'Lax' as const, secure: isHttps(c), path: '/' });

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c), maxAge: Math.floor(SESSION_MAX_MS / 1000) });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

export function sessionToken(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/** The pre-session token for the sign-in form, made on first sight. */
export function preSessionToken(c: Context): string {
  const existing = getCookie(c, PRE_SESSION_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing;
  const token = randomSecret(24);
  setCookie(c, PRE_SESSION_COOKIE, token, { ...cookieOptions(c), maxAge: 24 * 3600 });
  return token;
}

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/**
 * A form post from another site. Browsers say where a request comes from in Sec-Fetch-Site; the
 * Origin header is the fallback (our Referrer-Policy no-referrer makes Chromium send "Origin: null"
 * on our own forms, so a null origin alone proves nothing). The CSRF token is checked anyway.
 */
export function crossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return false;
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? new URL(c.req.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** Whether the request comes from a dashboard session of staff rank (the simulator outside demo mode). */
export function signedInStaff(c: Context): boolean {
  const token = sessionToken(c);
  const session = token ? resolveSession(c.get('ctx'), token) : undefined;
  return session !== undefined && hasRole(staffActor(session.user), 'staff');
}

function wantsPage(c: Context): boolean {
  return c.req.method === 'GET' || c.req.method === 'HEAD';
}

/**
 * Every dashboard route but sign-in: resolves the session (the staff user, active flag and role
 * read from the database each time), sets the staff_user actor, refuses too low a role with a
 * Vietnamese 403 page, and checks the CSRF token and origin of every state-changing request.
 */
export function signedIn(role: StaffRole = 'viewer'): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const token = sessionToken(c);
    const session = token ? resolveSession(c.get('ctx'), token) : undefined;
    if (!session) {
      if (token) clearSessionCookie(c);
      if (!wantsPage(c)) return c.html(refusalPage('Phiên đăng nhập đã hết', 'Anh/chị vui lòng đăng nhập lại rồi thực hiện lại thao tác.'), 401);
      const next = c.req.path === '/' ? '' : `?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`;
      return c.redirect(`/${next}`, 303);
    }
    const actor = staffActor(session.user);
    c.set('session', session);
    c.set('actor', actor);
    c.set('ctx', { ...c.get('ctx'), actor });
    if (!wantsPage(c)) {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const sent = typeof form._csrf === 'string' ? form._csrf : c.req.header('x-csrf-token') ?? '';
      if (crossSite(c) || !safeEqual(sent, session.csrfToken)) {
        return c.html(refusalPage('Yêu cầu bị từ chối', 'Biểu mẫu này không gửi từ trang của Cầu Nối hoặc đã cũ. Anh/chị tải lại trang rồi thử lại.', session), 403);
      }
    }
    if (!hasRole(actor, role)) {
      return c.html(refusalPage('Không có quyền', 'Tài khoản của anh/chị chỉ được xem, không thực hiện được thao tác này. Liên hệ quản trị viên nếu cần thêm quyền.', session), 403);
    }
    await next();
  };
}
