import { raw } from 'hono/html';
import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import type { Invite, InviteShare } from '../../../domain/invites.js';
import type { UnitDetail } from '../../../domain/units.js';
import { formatVnDateTime } from '../../../lib/time.js';
import { Layout } from './layout.js';

/** One invite to hand over: the QR of the Telegram deep link, the code for Zalo, the text to paste. */
export function invitePage(p: { session: DashboardSession; unit: UnitDetail; invite: Invite; share: InviteShare; qrSvg: string | null; timeZone: string }) {
  const { unit, invite, share } = p;
  return (
    <Layout title={`Mã mời ${invite.code}`} session={p.session}>
      <p class="muted">
        <a href={`/units/${unit.id}`}>{unit.name}</a>
      </p>
      <h1>Mã mời cho {unit.name}</h1>
      <div class="grid two">
        <section class="card" aria-labelledby="tg-title">
          <h2 id="tg-title">Telegram</h2>
          {p.qrSvg ? (
            <>
              <figure class="qr" role="img" aria-label={`Mã QR mở ${share.telegramLink}`}>
                {raw(p.qrSvg)}
              </figure>
              <p>
                Quét mã bằng điện thoại, hoặc mở: <a href={share.telegramLink!}>{share.telegramLink}</a>
              </p>
            </>
          ) : (
            <p class="notice">{share.telegramHint}</p>
          )}
        </section>
        <section class="card" aria-labelledby="zalo-title">
          <h2 id="zalo-title">Zalo</h2>
          <p>
            Gửi mã này cho Bot Cầu Nối trên Zalo: <b class="code">{share.zaloText}</b>
          </p>
        </section>
      </div>
      <section class="card" aria-labelledby="text-title">
        <h2 id="text-title">Nội dung gửi cho đơn vị</h2>
        <label for="instructions">Sao chép đoạn này vào tin nhắn hoặc công văn gửi đơn vị:</label>
        <textarea id="instructions" rows={4} readonly>
          {share.instructions}
        </textarea>
        <p class="muted">Mã dùng một lần, hết hạn lúc {formatVnDateTime(invite.expiresAt, p.timeZone)}.</p>
      </section>
    </Layout>
  );
}
