import type { OaConnection } from '../../../domain/zalo-oa-tokens.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { FlashNotice, Layout } from './layout.js';

/** The OA connection as staff see it: connected or not, until when, what went wrong; never a token. */
export function zaloOaPage(p: { session: PageSession; oaId: string; connection: OaConnection; timeZone: string; flash?: Flash }) {
  const c = p.connection;
  return (
    <Layout title="Zalo OA" session={p.session}>
      <p class="muted">
        <a href="/admin">Quản trị</a> › Zalo OA
      </p>
      <h1>Zalo Official Account</h1>
      <FlashNotice flash={p.flash} />
      <p>OA đã cấu hình: <strong>{p.oaId}</strong></p>
      {c.status === 'not_connected' && (
        <p class="notice error" role="status" id="oa-status">Chưa kết nối: bot chưa gửi được tin nào qua OA. Một quản trị viên của OA cấp quyền một lần.</p>
      )}
      {c.status === 'connected' && (
        <p class="notice ok" role="status" id="oa-status">
          Đã kết nối từ {formatVnDateTime(c.connectedAt, p.timeZone)}. Mã truy cập có hiệu lực đến {formatVnDateTime(c.accessExpiresAt, p.timeZone)} và được làm mới tự động.
        </p>
      )}
      {c.status === 'needs_reconnect' && (
        <p class="notice error" role="alert" id="oa-status">
          Mất kết nối: Zalo không còn chấp nhận mã làm mới. Tin nhắn qua OA đang chờ; anh/chị cần kết nối lại.
        </p>
      )}
      <p>
        <a class="button" href="/admin/zalo-oa/connect">{c.status === 'not_connected' ? 'Kết nối Zalo OA' : 'Kết nối lại Zalo OA'}</a>
      </p>
      <p class="muted">Nút này mở trang cấp quyền của Zalo; đăng nhập bằng tài khoản quản trị OA và chọn đúng OA trên.</p>
    </Layout>
  );
}
