import { Hono } from 'hono';
import type { OaConnector } from '../../../channels/zalo-oa/connector.js';
import { recordAudit } from '../../../domain/audit.js';
import { DomainError } from '../../../core/errors.js';
import { createOaAuthRequest, takeOaAuthRequest } from '../../../domain/zalo-oa-connect.js';
import { oaConnection, saveOaConnection } from '../../../domain/zalo-oa-tokens.js';
import type { DashboardEnv } from '../env.js';
import { setFlash, takeFlash } from '../flash.js';
import { zaloOaPage } from '../pages/admin-zalo-oa.js';
import { refusalPage } from '../pages/refusal.js';
import { signedIn } from '../session.js';

export const OA_CALLBACK_PATH = '/admin/zalo-oa/callback';

/**
 * Connecting the Official Account (admins only): the status page, /connect which hands out a
 * permission link with a PKCE challenge and a state bound to this admin, and the callback Zalo
 * sends the admin back to, which checks the state, exchanges the code and stores the grant.
 * Every step is audit-logged; no token ever reaches a page.
 */
export function zaloOaRoutes(connector: OaConnector): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const admin = signedIn('admin');

  app.get('/admin/zalo-oa', admin, (c) =>
    c.html(zaloOaPage({ session: c.get('session'), oaId: connector.oaId, connection: oaConnection(c.get('ctx')), timeZone: c.get('ctx').timeZone, flash: takeFlash(c) })),
  );

  app.get('/admin/zalo-oa/connect', admin, (c) => {
    const { state, codeVerifier, url } = connector.begin();
    createOaAuthRequest(c.get('ctx'), { state, codeVerifier });
    return c.redirect(url, 302);
  });

  app.get(OA_CALLBACK_PATH, admin, async (c) => {
    const ctx = c.get('ctx');
    const session = c.get('session');
    const refuse = (status: 400 | 403 | 502, message: string) => c.html(refusalPage('Chưa kết nối được Zalo OA', message, session), status);
    const q = (name: string) => c.req.query(name)?.trim().slice(0, 512) ?? '';
    const again = 'Anh/chị mở lại trang Zalo OA trong Quản trị và bấm “Kết nối Zalo OA”.';
    let codeVerifier: string;
    try {
      codeVerifier = takeOaAuthRequest(ctx, q('state')).codeVerifier;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return refuse(err.kind === 'forbidden' ? 403 : 400, `Liên kết kết nối này không hợp lệ, đã dùng hoặc đã hết hạn. ${again}`);
    }
    if (!q('code')) return refuse(400, `Zalo không gửi mã cấp quyền (có thể quyền đã bị từ chối). ${again}`);
    if (q('oa_id') !== connector.oaId) {
      ctx.db.transaction(() => recordAudit(ctx, { action: 'zalo_oa.connect_refused', entity: 'zalo_oa', entityId: q('oa_id') || null, after: { reason: 'another OA' } }));
      return refuse(400, `Tài khoản OA vừa cấp quyền không phải OA đã cấu hình (ZALO_OA_ID ${connector.oaId}). Anh/chị chọn đúng OA khi cấp quyền.`);
    }
    try {
      const grant = await connector.exchange(q('code'), codeVerifier);
      if (!grant.refreshToken) return refuse(502, 'Zalo cấp mã truy cập nhưng không kèm mã làm mới (OA chưa xác thực?). Không lưu gì.');
      saveOaConnection(ctx, { oaId: connector.oaId, grant });
    } catch (err) {
      ctx.log.warn({ err }, 'zalo_oa: the authorization code could not be exchanged');
      return refuse(502, `Zalo không đổi được mã cấp quyền lấy mã truy cập. ${again}`);
    }
    setFlash(c, { kind: 'ok', text: 'Đã kết nối Zalo OA. Bot trả lời người dân qua OA từ bây giờ.' });
    return c.redirect('/admin/zalo-oa', 303);
  });
  return app;
}
