import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import type { CallItem, Overview } from '../../../domain/dashboard-overview.js';
import { formatVnDateTime } from '../../../lib/time.js';
import { ProgressBar, SubmissionsChart } from './charts.js';
import { CHANNEL_LABEL, KIND_LABEL, REACHABILITY_LABEL } from './labels.js';
import { Layout } from './layout.js';

export function ContactNames(props: { contacts: CallItem['contacts'] }) {
  if (props.contacts.length === 0) return <span class="muted">—</span>;
  return (
    <>
      {props.contacts.map((c, i) => (
        <>
          {i > 0 && ', '}
          {c.name || 'Chưa có tên'} <span class="muted">({CHANNEL_LABEL[c.channel]}{c.status === 'blocked' ? ', đã chặn bot' : ''})</span>
        </>
      ))}
    </>
  );
}

function CallList(props: { items: CallItem[] }) {
  if (props.items.length === 0) return <p>Hôm nay không có đơn vị nào cần gọi.</p>;
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="Danh sách cần gọi hôm nay">
      <table>
        <thead>
          <tr>
            <th scope="col">Đơn vị</th>
            <th scope="col">Yêu cầu</th>
            <th scope="col">Hạn</th>
            <th scope="col">Đầu mối</th>
            <th scope="col">Bot nhắc được?</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr class={c.overdue ? 'row-late' : undefined}>
              <td>
                <a href={`/units/${c.unit.id}`}>{c.unit.name}</a>
              </td>
              <td>
                <a href={`/requirements/${c.requirement.id}`}>{c.requirement.title}</a>
              </td>
              <td>
                {c.returned ? 'Bị trả lại, chờ nộp lại — ' : ''}
                {c.dueText}
              </td>
              <td>
                <ContactNames contacts={c.contacts} />
              </td>
              <td class={`reach-${c.reachability}`}>{REACHABILITY_LABEL[c.reachability]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function overviewPage(session: DashboardSession, overview: Overview, timeZone: string) {
  return (
    <Layout title="Tổng quan" session={session} live>
      <h1>Tổng quan</h1>
      <section aria-labelledby="call-today" id="call-section">
        <h2 id="call-today">Cần gọi hôm nay ({overview.toCall.length})</h2>
        <p class="muted">Đơn vị chưa nộp đã quá hạn hoặc còn không quá 2 ngày.</p>
        <CallList items={overview.toCall} />
      </section>
      <section aria-labelledby="live-title" class="live">
        <h2 id="live-title">Vừa nhận</h2>
        <ul id="live-feed" aria-live="polite">
          <li class="muted" id="live-empty">Bài nộp và xác nhận mới sẽ hiện ở đây ngay khi bot nhận được.</li>
        </ul>
      </section>
      {overview.campaigns.length === 0 && <p>Chưa có kế hoạch nào đang mở.</p>}
      {overview.campaigns.map(({ campaign, requirements }) => (
        <section class="campaign" aria-labelledby={`campaign-${campaign.id}`}>
          <h2 id={`campaign-${campaign.id}`}>
            {campaign.title}
            {campaign.referenceNumber && <span class="muted"> · {campaign.referenceNumber}</span>}
          </h2>
          <p class="exports">
            Tổng hợp cả kế hoạch: <a href={`/exports/campaigns/${campaign.id}/tong-hop.xlsx`}>Excel</a> ·{' '}
            <a href={`/exports/campaigns/${campaign.id}/tong-hop.csv`}>CSV</a> · <a href={`/exports/campaigns/${campaign.id}/bao-cao.docx`}>Dự thảo báo cáo (Word)</a> ·{' '}
            <a href={`/exports/campaigns/${campaign.id}/tep.zip`}>Tệp đã nhận (ZIP)</a>
          </p>
          {requirements.map((r) => (
            <article class="card" aria-labelledby={`req-${r.requirement.id}`} data-requirement={r.requirement.id}>
              <h3 id={`req-${r.requirement.id}`}>
                <a href={`/requirements/${r.requirement.id}`}>{r.requirement.title}</a>
              </h3>
              <p>
                {KIND_LABEL[r.requirement.kind]} · hạn {formatVnDateTime(r.requirement.dueAt, timeZone)} ·{' '}
                <b class={r.due.late ? 'late' : undefined}>{r.due.text}</b>
              </p>
              <ProgressBar progress={r.progress} />
              <SubmissionsChart points={r.chart} total={r.progress.total} dueAt={r.requirement.dueAt} timeZone={timeZone} />
            </article>
          ))}
        </section>
      ))}
    </Layout>
  );
}
