import { Hono } from 'hono';
import type { Context } from 'hono';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../domain/api-tokens.js';
import type { StaffRole } from '../../../domain/context.js';
import { DomainError, invalid } from '../../../core/errors.js';
import { createStaffUser, listStaffUsers, updateStaffUser } from '../../../domain/staff-users.js';
import type { DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { staffUsersPage, tokensPage, type StaffDraft } from '../pages/admin-people.js';
import { signedIn } from '../session.js';
import { field, found, idParam, mistake, notFoundPage, readForm } from './helpers.js';

const roleOf = (v: string): StaffRole => (v === 'admin' || v === 'staff' ? v : 'viewer');
const WORDING = {
  username: 'Tên đăng nhập: 3–40 ký tự chữ thường không dấu, số, . _ -; không trùng tên đã có.',
  password: 'Mật khẩu cần ít nhất 10 ký tự.',
  role: 'Khóa không được có quyền cao hơn cán bộ được gắn.',
  staffUserId: 'Cán bộ được chọn không còn hoạt động.',
  expiresAt: 'Số ngày hết hạn phải lớn hơn 0.',
};

/** Staff users and API tokens: admin only. */
export function adminPeopleRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const admin = signedIn('admin');
  const users = (c: Context<DashboardEnv>) => listStaffUsers(c.get('ctx'), { limit: 1000, offset: 0 }).items;
  const EMPTY: StaffDraft = { username: '', displayName: '', email: '', role: 'staff' };

  app.get('/admin/staff', admin, (c) => c.html(staffUsersPage({ session: c.get('session'), users: users(c), draft: EMPTY, flash: takeFlash(c) })));

  app.post('/admin/staff', admin, async (c) => {
    const form = await readForm(c);
    const draft: StaffDraft = { username: field(form, 'username', 60).trim().toLowerCase(), displayName: field(form, 'displayName', 200).trim(), email: field(form, 'email', 200).trim(), role: roleOf(field(form, 'role')) };
    try {
      if (!draft.displayName) throw invalid('Anh/chị nhập họ tên cán bộ.', 'displayName');
      const user = createStaffUser(c.get('ctx'), { ...draft, role: roleOf(draft.role), email: draft.email || null, password: field(form, 'password', 1000) });
      setFlash(c, { kind: 'ok', text: `Đã thêm ${user.displayName}; cán bộ đăng nhập được ngay.` });
      return c.redirect('/admin/staff', 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(staffUsersPage({ session: c.get('session'), users: users(c), draft, error: mistake(err, WORDING) }), 400);
    }
  });

  app.post('/admin/staff/:id', admin, async (c) => {
    const id = idParam(c.req.param('id'));
    const form = await readForm(c);
    const password = field(form, 'password', 1000);
    const displayName = field(form, 'displayName', 200).trim();
    try {
      if (!displayName) throw invalid('Anh/chị nhập họ tên cán bộ.', 'displayName');
      if (id === c.get('session').user.id && (field(form, 'active') !== '1' || roleOf(field(form, 'role')) !== 'admin')) {
        throw invalid('Anh/chị không tự khóa hoặc tự hạ quyền của chính mình được; nhờ một quản trị viên khác.', 'role');
      }
      const user = id ? found(() => updateStaffUser(c.get('ctx'), id, { displayName, role: roleOf(field(form, 'role')), active: field(form, 'active') === '1', ...(password ? { password } : {}) })) : undefined;
      if (!user) return notFoundPage(c);
      setFlash(c, { kind: 'ok', text: `Đã lưu ${user.displayName}.` });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(c, { kind: 'error', text: mistake(err, WORDING) });
    }
    return c.redirect('/admin/staff', 303);
  });

  const tokens = (c: Context<DashboardEnv>, extra: { created?: string; error?: string } = {}) =>
    tokensPage({ session: c.get('session'), tokens: listApiTokens(c.get('ctx'), { limit: 1000, offset: 0 }).items, users: users(c).filter((u) => u.active), timeZone: c.get('ctx').timeZone, flash: takeFlash(c), ...extra });

  app.get('/admin/tokens', admin, (c) => c.html(tokens(c)));

  app.post('/admin/tokens', admin, async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    const name = field(form, 'name', 100).trim();
    const days = field(form, 'expiresDays', 10).trim();
    try {
      if (!name) throw invalid('Anh/chị đặt tên cho khóa.', 'name');
      if (days && !(Number.isInteger(Number(days)) && Number(days) > 0 && Number(days) <= 3650)) throw invalid('Số ngày hết hạn: từ 1 đến 3.650.', 'expiresAt');
      const expiresAt = days ? new Date(ctx.clock.now().getTime() + Number(days) * 24 * 3600_000) : null;
      const { token } = createApiToken(ctx, { name, role: roleOf(field(form, 'role')), staffUserId: idParam(field(form, 'staffUserId', 20)) ?? null, expiresAt });
      // Shown on this answer only, never stored: no redirect, so it is not in a cookie or an address either.
      c.header('cache-control', 'no-store');
      return c.html(tokens(c, { created: token }));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(tokens(c, { error: mistake(err, WORDING) }), 400);
    }
  });

  app.post('/admin/tokens/:id/revoke', admin, (c) => {
    const id = idParam(c.req.param('id'));
    try {
      const token = id ? found(() => revokeApiToken(c.get('ctx'), id)) : undefined;
      if (!token) return notFoundPage(c);
      setFlash(c, { kind: 'ok', text: `Đã thu hồi khóa ${token.name}.` });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      setFlash(c, { kind: 'error', text: 'Khóa này đã thu hồi từ trước.' });
    }
    return c.redirect('/admin/tokens', 303);
  });

  return app;
}
