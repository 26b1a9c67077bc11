import type { DeliveryCounts, FailureReason, PendingAck } from '../../../domain/broadcast-status.js';
import type { Broadcast, BroadcastStatus } from '../../../domain/broadcasts.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { BROADCAST_STATUS_LABEL, CHANNEL_LABEL, FAILURE_LABEL } from './labels.js';
import { canAct, Csrf, FlashNotice, Layout } from './layout.js';

type Listed = Broadcast & { counts: DeliveryCounts; shownStatus: BroadcastStatus };

export function broadcastListPage(p: { session: PageSession; items: Listed[]; timeZone: string; flash?: Flash }) {
  const when = (d: Date | null) => (d ? formatVnDateTime(d, p.timeZone) : '—');
  return (
    <Layout title="Thông báo" session={p.session}>
      <h1>Thông báo</h1>
      <FlashNotice flash={p.flash} />
      {canAct(p.session) && (
        <p>
          <a class="button" href="/broadcasts/new">
            Soạn thông báo
          </a>
        </p>
      )}
      {p.items.length === 0 ? (
        <p>Chưa có thông báo nào.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Các thông báo">
          <table>
            <thead>
              <tr>
                <th scope="col">Tiêu đề</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Gửi lúc</th>
                <th scope="col" class="num">Đã gửi</th>
                <th scope="col" class="num">Đã xác nhận</th>
                <th scope="col">Người soạn</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((b) => (
                <tr>
                  <td>
                    <a href={`/broadcasts/${b.id}`}>{b.title}</a>
                  </td>
                  <td>{BROADCAST_STATUS_LABEL[b.shownStatus]}</td>
                  <td>{when(b.startedAt ?? b.scheduledAt)}</td>
                  <td class="num">
                    {b.counts.sent}/{b.counts.total}
                  </td>
                  <td class="num">{b.requireAck ? b.counts.acked : '—'}</td>
                  <td>{b.createdBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The live part of the page: the bar and its figures (swapped in fresh every second while sending). */
function Progress(props: { b: Broadcast; counts: DeliveryCounts; status: BroadcastStatus; timeZone: string }) {
  const { b, counts, status } = props;
  const done = counts.sent + counts.failed.total + counts.cancelled;
  const reasons = Object.entries(counts.failed.byReason) as [FailureReason, number][];
  const stillGoing = status === 'sending' || status === 'scheduled';
  return (
    <section id="broadcast-progress" class="card" aria-labelledby="progress-title" data-polling={stillGoing ? '1' : undefined}>
      <h2 id="progress-title">Tiến độ: {BROADCAST_STATUS_LABEL[status]}</h2>
      {status === 'scheduled' && b.scheduledAt && <p>Sẽ gửi lúc {formatVnDateTime(b.scheduledAt, props.timeZone)}.</p>}
      <progress max={Math.max(1, counts.total)} value={done} aria-label={`Đã xử lý ${done}/${counts.total} tin nhắn`}>
        {done}/{counts.total}
      </progress>
      <ul class="legend" role="status">
        <li>
          Tổng: <b>{counts.total}</b>
        </li>
        <li>
          Chờ gửi: <b>{counts.queued + counts.sending}</b>
        </li>
        <li>
          Đã gửi: <b>{counts.sent}</b>
        </li>
        <li class={counts.failed.total > 0 ? 'warn' : undefined}>
          Không gửi được: <b>{counts.failed.total}</b>
          {reasons.length > 0 && ` (${reasons.map(([r, n]) => `${FAILURE_LABEL[r]}: ${n}`).join('; ')})`}
        </li>
        {counts.cancelled > 0 && (
          <li>
            Đã hủy: <b>{counts.cancelled}</b>
          </li>
        )}
        {b.requireAck && (
          <li>
            Đã xác nhận: <b>{counts.acked}</b>
          </li>
        )}
      </ul>
    </section>
  );
}

function Pending(props: { b: Broadcast; pending: { items: PendingAck[]; total: number }; session: PageSession; status: BroadcastStatus }) {
  const { b, pending, session } = props;
  return (
    <section aria-labelledby="pending-title" id="pending">
      <h2 id="pending-title">Chưa xác nhận ({pending.total})</h2>
      {canAct(session) && pending.total > 0 && props.status !== 'cancelled' && (
        <form method="post" action={`/broadcasts/${b.id}/remind`} data-confirm={`Nhắc lại ${pending.total} người chưa xác nhận?`}>
          <Csrf session={session} />
          <button type="submit">Nhắc lại những người chưa xác nhận</button>
        </form>
      )}
      {pending.total === 0 ? (
        <p>Mọi người nhận đã xác nhận.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="pending-title">
          <table>
            <thead>
              <tr>
                <th scope="col">Người nhận</th>
                <th scope="col">Đơn vị</th>
                <th scope="col">Kênh</th>
                <th scope="col">Tin nhắn</th>
              </tr>
            </thead>
            <tbody>
              {pending.items.map((r) => (
                <tr>
                  <td>{r.displayName || 'Chưa có tên'}</td>
                  <td>{r.unit ? <a href={`/units/${r.unit.id}`}>{r.unit.name}</a> : '—'}</td>
                  <td>{CHANNEL_LABEL[r.channel as keyof typeof CHANNEL_LABEL] ?? r.channel}</td>
                  <td>{r.failureReason ? `không gửi được: ${FAILURE_LABEL[r.failureReason]}` : { queued: 'chờ gửi', sending: 'đang gửi', sent: 'đã gửi', failed: 'không gửi được', cancelled: 'đã hủy' }[r.deliveryStatus] ?? r.deliveryStatus}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pending.total > pending.items.length && <p class="muted">Hiện {pending.items.length} người đầu tiên.</p>}
    </section>
  );
}

export function broadcastPage(p: {
  session: PageSession;
  broadcast: Broadcast;
  counts: DeliveryCounts;
  status: BroadcastStatus;
  pending: { items: PendingAck[]; total: number };
  timeZone: string;
  flash?: Flash;
}) {
  const { broadcast: b, session, status } = p;
  return (
    <Layout title={b.title} session={session} refresh={['broadcast-progress', 'pending']}>
      <p class="muted">
        <a href="/broadcasts">Thông báo</a> › {b.title}
      </p>
      <h1>{b.title}</h1>
      <FlashNotice flash={p.flash} />
      <Progress b={b} counts={p.counts} status={status} timeZone={p.timeZone} />
      {canAct(session) && (status === 'scheduled' || status === 'sending') && (
        <form method="post" action={`/broadcasts/${b.id}/cancel`} data-confirm="Hủy thông báo này? Những tin chưa gửi sẽ không gửi nữa.">
          <Csrf session={session} />
          <button type="submit" class="danger">Hủy gửi</button>
        </form>
      )}
      <section class="card" aria-labelledby="text-title">
        <h2 id="text-title">Nội dung</h2>
        <p class="pre">{b.text}</p>
        <p class="muted">
          Người soạn: {b.createdBy} · {b.requireAck ? 'yêu cầu bấm “Đã nhận”' : 'không yêu cầu xác nhận'}
          {b.attachmentFileId !== null && (
            <>
              {' '}
              · <a href={`/files/${b.attachmentFileId}`}>tệp đính kèm</a>
            </>
          )}
        </p>
      </section>
      {b.requireAck && <Pending b={b} pending={p.pending} session={session} status={status} />}
    </Layout>
  );
}
