import type { Hono } from 'hono';
import { createStaffUser } from '../../src/domain/staff-users.js';
import type { Ctx, StaffRole } from '../../src/domain/context.js';

export const PASSWORD = 'mat-khau-thu-nghiem-1';

/** Staff users for each role, with the test password. */
export function createDashboardUsers(ctx: Ctx) {
  const make = (username: string, role: StaffRole, displayName: string) => createStaffUser(ctx, { username, displayName, role, password: PASSWORD });
  return {
    admin: make('quantri', 'admin', 'Quản trị viên'),
    staff: make('lan', 'staff', 'Nguyễn Thị Lan'),
    viewer: make('lanhdao', 'viewer', 'Lãnh đạo Sở'),
  };
}

type AppLike = Pick<Hono<any>, 'request'>;

/**
 * A browser-like client over app.request: keeps cookies, sends a same-origin Origin on posts,
 * and reads the CSRF token out of the last page, as a form would carry it.
 */
export class DashboardClient {
  readonly cookies = new Map<string, string>();
  lastHtml = '';
  constructor(private readonly app: AppLike, readonly origin = 'http://localhost') {}

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const res = await this.app.request(`${this.origin}${path}`, { headers: { cookie: this.cookieHeader(), ...headers } });
    this.store(res);
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('text/html')) this.lastHtml = text;
    return { status: res.status, text, headers: res.headers };
  }

  csrf(): string {
    return /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1] ?? '';
  }

  async post(path: string, fields: Record<string, string>, opts: { origin?: string | null; csrf?: string | null; headers?: Record<string, string> } = {}) {
    const body = new URLSearchParams({ ...(opts.csrf === null ? {} : { _csrf: opts.csrf ?? this.csrf() }), ...fields });
    const headers: Record<string, string> = { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' };
    if (opts.origin !== null) headers.origin = opts.origin ?? this.origin;
    Object.assign(headers, opts.headers);
    const res = await this.app.request(`${this.origin}${path}`, { method: 'POST', headers, body });
    this.store(res);
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('text/html')) this.lastHtml = text;
    return { status: res.status, text, headers: res.headers, location: res.headers.get('location') };
  }

  async signIn(username: string, password = PASSWORD) {
    await this.get('/');
    return this.post('/sign-in', { username, password, next: '/' });
  }
}
