import type { SavedReply } from '../../../domain/saved-replies.js';
import type { StaffUser } from '../../../domain/staff-users.js';
import type { TicketDetail, TicketMessage } from '../../../domain/tickets.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { CHANNEL_LABEL, TICKET_KIND_LABEL, TICKET_STATUS_LABEL } from './labels.js';
import { Csrf, FlashNotice, Layout } from './layout.js';

export type TicketPageData = {
  session: PageSession;
  ticket: TicketDetail;
  colleagues: StaffUser[];
  savedReplies: { reply: SavedReply; text: string }[];
  /** The reply box's text: a saved reply chosen, or what was typed before a mistake. */
  draft: string;
  timeZone: string;
  flash?: Flash;
};

function Requester(props: { ticket: TicketDetail }) {
  const { ticket } = props;
  if (ticket.requester) {
    return (
      <p>
        Người gửi: <b>{ticket.requester.displayName || 'Chưa có tên'}</b> ({CHANNEL_LABEL[ticket.requester.channel as keyof typeof CHANNEL_LABEL] ?? ticket.requester.channel})
        {ticket.kind === 'denunciation' && <span class="muted"> — chỉ quản trị viên thấy danh tính này.</span>}
      </p>
    );
  }
  if (ticket.kind === 'denunciation') {
    return (
      <p class="notice" id="identity-hidden">
        Danh tính người tố cáo và nội dung tố cáo được giữ bí mật (Luật Tố cáo): chỉ quản trị viên xem được. Anh/chị vẫn trả lời, ghi chú và đóng phiếu được.
      </p>
    );
  }
  return <p class="muted">Người gửi đã yêu cầu xóa dữ liệu cá nhân: không còn liên lạc được qua bot.</p>;
}

function Message(props: { m: TicketMessage; names: Map<number, string>; timeZone: string }) {
  const { m, names } = props;
  const staffName = (m.staffUserId !== null ? names.get(m.staffUserId) : undefined) ?? m.authorLabel ?? 'Cán bộ';
  const who = { citizen: 'Người dân', staff: `${staffName} (đã gửi cho người dân)`, system: 'Hệ thống', note: `${staffName} — ghi chú nội bộ, không gửi` }[m.author];
  return (
    <li class={`msg msg-${m.author}`}>
      <span class="meta">
        {formatVnDateTime(m.createdAt, props.timeZone)} · {who}
      </span>
      {m.body}
    </li>
  );
}

export function ticketPage(p: TicketPageData) {
  const { ticket: t, session, timeZone } = p;
  const when = (d: Date | null) => (d ? formatVnDateTime(d, timeZone) : '—');
  const open = t.status !== 'closed';
  const names = new Map(p.colleagues.map((u) => [u.id, u.displayName]));
  const reachable = t.contactId !== null;
  return (
    <Layout title={`Phiếu ${t.code}`} session={session} refresh={['thread', 'ticket-facts', 'main-nav']}>
      <p class="muted">
        <a href="/inbox">Hộp thư phản ánh</a> › Phiếu {t.code}
      </p>
      <h1>
        {TICKET_KIND_LABEL[t.kind]} {t.code}
      </h1>
      <FlashNotice flash={p.flash} />
      <div class="grid two">
        <section class="card" aria-labelledby="facts-title" id="ticket-facts">
          <h2 id="facts-title">Thông tin phiếu</h2>
          <dl class="facts">
            <dt>Trạng thái</dt>
            <dd>{TICKET_STATUS_LABEL[t.status]}</dd>
            <dt>Nhận lúc</dt>
            <dd>{when(t.createdAt)}</dd>
            {t.ackDueAt && (
              <>
                <dt>Hạn thông báo thụ lý</dt>
                <dd>{when(t.ackDueAt)}</dd>
              </>
            )}
            <dt>Hạn giải quyết</dt>
            <dd class={t.overdue ? 'late' : undefined}>
              {when(t.dueAt)}
              {t.overdue && <b> (quá hạn)</b>}
            </dd>
            <dt>Người xử lý</dt>
            <dd>{t.assigneeName ?? 'Chưa ai nhận'}</dd>
            {t.closedAt && (
              <>
                <dt>Đóng lúc</dt>
                <dd>{when(t.closedAt)}</dd>
              </>
            )}
          </dl>
          <Requester ticket={t} />
        </section>
        <section class="card" aria-labelledby="assign-title">
          <h2 id="assign-title">Giao xử lý</h2>
          {open ? (
            <>
              {t.assigneeId !== session.user.id && (
                <form method="post" action={`/inbox/${t.id}/assign`} class="inline">
                  <Csrf session={session} />
                  <input type="hidden" name="staffUserId" value={String(session.user.id)} />
                  <button type="submit">Tôi nhận xử lý</button>
                </form>
              )}
              <form method="post" action={`/inbox/${t.id}/assign`} class="stack">
                <Csrf session={session} />
                <label for="assignee">Giao cho đồng nghiệp</label>
                <select id="assignee" name="staffUserId">
                  <option value="">— Bỏ giao (chưa ai nhận) —</option>
                  {p.colleagues.map((u) => (
                    <option value={String(u.id)} selected={t.assigneeId === u.id}>
                      {u.displayName} ({u.username})
                    </option>
                  ))}
                </select>
                <button type="submit" class="secondary">Giao</button>
              </form>
            </>
          ) : (
            <form method="post" action={`/inbox/${t.id}/reopen`}>
              <Csrf session={session} />
              <p>Phiếu đã đóng. Mở lại để tiếp tục xử lý (người dân không nhận tin nhắn nào cho đến khi anh/chị trả lời).</p>
              <button type="submit" class="secondary">Mở lại phiếu</button>
            </form>
          )}
        </section>
      </div>
      <section aria-labelledby="thread-title">
        <h2 id="thread-title">Trao đổi</h2>
        <ol class="timeline" id="thread" aria-live="polite">
          {t.messages.map((m) => (
            <Message m={m} names={names} timeZone={timeZone} />
          ))}
        </ol>
      </section>
      {(open || p.draft !== '') && reachable && (
        <section class="card" aria-labelledby="reply-title">
          <h2 id="reply-title">Trả lời người dân</h2>
          {p.savedReplies.length > 0 && (
            <form method="get" action={`/inbox/${t.id}`} class="filters" data-saved-replies>
              <div class="field">
                <label for="saved">Dùng mẫu trả lời</label>
                <select id="saved" name="mau">
                  <option value="">— Chọn mẫu —</option>
                  {p.savedReplies.map((s) => (
                    <option value={String(s.reply.id)} data-text={s.text}>
                      {s.reply.title}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" class="secondary">Điền mẫu</button>
            </form>
          )}
          <form method="post" action={`/inbox/${t.id}/reply`} class="stack">
            <Csrf session={session} />
            <label for="reply">Nội dung trả lời (người dân đọc trong cuộc trò chuyện với bot)</label>
            <textarea id="reply" name="text" rows={6} required maxlength={4000}>
              {p.draft}
            </textarea>
            <button type="submit">Gửi trả lời</button>
          </form>
        </section>
      )}
      <section class="card" aria-labelledby="note-title">
        <h2 id="note-title">Ghi chú nội bộ</h2>
        <form method="post" action={`/inbox/${t.id}/note`} class="stack">
          <Csrf session={session} />
          <label for="note">Ghi chú cho đồng nghiệp (không gửi cho người dân)</label>
          <textarea id="note" name="text" rows={3} required maxlength={4000}></textarea>
          <button type="submit" class="secondary">Lưu ghi chú</button>
        </form>
      </section>
      {open && (
        <section class="card" aria-labelledby="close-title">
          <h2 id="close-title">Đóng phiếu</h2>
          <form method="post" action={`/inbox/${t.id}/close`} class="stack" data-confirm={`Đóng phiếu ${t.code}? Người dân sẽ được báo phiếu đã đóng.`}>
            <Csrf session={session} />
            <label for="close-note">Ghi chú khi đóng (không gửi, không bắt buộc)</label>
            <textarea id="close-note" name="note" rows={2} maxlength={4000}></textarea>
            <button type="submit" class="danger">Đóng phiếu</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
