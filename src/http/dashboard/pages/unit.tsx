import type { DashboardSession } from '../../../domain/dashboard-sessions.js';
import type { DossierFile, DossierSubmission, TimelineKind, UnitDossier } from '../../../domain/unit-dossier.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { Flash } from '../flash.js';
import { CHANNEL_LABEL, REVIEW_LABEL } from './labels.js';
import { canAct, Csrf, FlashNotice, Layout } from './layout.js';

const CONTACT_STATUS = { active: 'Đang nhận tin', blocked: 'Đã chặn bot', revoked: 'Đã thu hồi' } as const;
const TIMELINE_LABEL: Record<TimelineKind, string> = { message: '', reminder: 'Nhắc hạn', review: 'Kết quả duyệt', broadcast: 'Thông báo', ack: 'Xác nhận' };
const SOURCE_LABEL = { ...CHANNEL_LABEL, upload_link: 'Trang tải tệp', api: 'Cán bộ nhập' } as const;

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** PDFs and images open in the page (from our own /files route); anything else downloads with its Vietnamese name. */
function FilePreview(props: { file: DossierFile }) {
  const f = props.file;
  const href = `/files/${f.id}`;
  const download = (
    <a href={href} download={f.originalName}>
      Tải về “{f.originalName}” ({sizeText(f.size)})
    </a>
  );
  if (f.mimeType === 'application/pdf') {
    return (
      <div class="file">
        {download}
        <iframe class="preview" src={`${href}?inline=1`} title={`Xem trước ${f.originalName}`} loading="lazy"></iframe>
      </div>
    );
  }
  if (f.mimeType.startsWith('image/')) {
    return (
      <div class="file">
        {download}
        <img class="preview" src={`${href}?inline=1`} alt={`Ảnh “${f.originalName}”`} loading="lazy" />
      </div>
    );
  }
  return <div class="file">{download}</div>;
}

function ReviewForms(props: { s: DossierSubmission; session: DashboardSession }) {
  const { s, session } = props;
  return (
    <div class="actions">
      {s.reviewState !== 'accepted' && (
        <form method="post" action={`/submissions/${s.id}/review`} class="inline">
          <Csrf session={session} />
          <input type="hidden" name="state" value="accepted" />
          <button type="submit">Tiếp nhận</button>
        </form>
      )}
      {s.reviewState !== 'returned' && (
        <details class="action">
          <summary>Trả lại để bổ sung…</summary>
          <form method="post" action={`/submissions/${s.id}/review`}>
            <Csrf session={session} />
            <input type="hidden" name="state" value="returned" />
            <label for={`reason-${s.id}`}>Lý do (đơn vị sẽ đọc trong tin nhắn)</label>
            <textarea id={`reason-${s.id}`} name="reason" rows={3} required maxlength={1000}></textarea>
            <button type="submit" class="danger">Trả lại</button>
          </form>
        </details>
      )}
    </div>
  );
}

function SubmissionCard(props: { s: DossierSubmission; session: DashboardSession; timeZone: string }) {
  const { s, timeZone } = props;
  return (
    <article class="card" id={`submission-${s.id}`} aria-labelledby={`submission-${s.id}-title`}>
      <h3 id={`submission-${s.id}-title`}>
        <a href={`/requirements/${s.requirement.id}`}>{s.requirement.title}</a> — lần {s.version}
        {!s.latest && <span class="muted"> (bản cũ)</span>}
      </h3>
      <p>
        Mã {s.code} · nhận lúc {formatVnDateTime(s.submittedAt, timeZone)} · <b class={s.onTime ? undefined : 'late'}>{s.onTime ? 'đúng hạn' : 'trễ hạn'}</b> · qua{' '}
        {SOURCE_LABEL[s.channel]}
      </p>
      <p>
        <b class={`review-${s.reviewState}`}>{REVIEW_LABEL[s.reviewState]}</b>
        {s.reviewedAt && (
          <span class="muted">
            {' '}
            · {s.reviewedBy ?? 'cán bộ'} lúc {formatVnDateTime(s.reviewedAt, timeZone)}
          </span>
        )}
        {s.reviewReason && <> · Lý do: {s.reviewReason}</>}
      </p>
      {s.files.map((f) => (
        <FilePreview file={f} />
      ))}
      {s.links.length > 0 && (
        <ul>
          {s.links.map((l) => (
            <li>
              <a href={l} rel="noopener noreferrer nofollow" target="_blank">
                {l}
              </a>
            </li>
          ))}
        </ul>
      )}
      {s.note && <p>Ghi chú: {s.note}</p>}
      {s.answers.length > 0 && (
        <dl class="answers">
          {s.answers.map((a) => (
            <>
              <dt>{a.label}</dt>
              <dd>{a.text}</dd>
            </>
          ))}
        </dl>
      )}
      {canAct(props.session) && s.latest && s.requirement.status === 'open' && <ReviewForms s={s} session={props.session} />}
    </article>
  );
}

export function unitPage(p: { session: DashboardSession; dossier: UnitDossier; timeZone: string; flash?: Flash }) {
  const { session, dossier, timeZone } = p;
  const { unit } = dossier;
  const act = canAct(session);
  return (
    <Layout title={unit.name} session={session}>
      <p class="muted">
        <a href="/">Tổng quan</a> › Đơn vị
      </p>
      <h1>{unit.name}</h1>
      <FlashNotice flash={p.flash} />
      <div class="grid two">
        <section aria-labelledby="facts-title" class="card">
          <h2 id="facts-title">Thông tin</h2>
          <dl class="facts">
            <dt>Mã</dt>
            <dd>{unit.code}</dd>
            <dt>Loại</dt>
            <dd>{dossier.kindLabel}</dd>
            <dt>Cấp trên</dt>
            <dd>{unit.parent ? <a href={`/units/${unit.parent.id}`}>{unit.parent.name}</a> : '—'}</dd>
            <dt>Địa bàn</dt>
            <dd>{unit.area ?? '—'}</dd>
            <dt>Trạng thái</dt>
            <dd>{unit.active ? 'Đang hoạt động' : 'Ngừng hoạt động'}</dd>
          </dl>
        </section>
        <section aria-labelledby="invite-title" class="card">
          <h2 id="invite-title">Mời đầu mối liên kết</h2>
          {dossier.invites.length === 0 ? (
            <p>Chưa có mã mời nào còn hiệu lực.</p>
          ) : (
            <ul>
              {dossier.invites.map((i) => (
                <li>
                  <a href={`/units/${unit.id}/invites/${i.id}`}>Mã {i.code}</a> <span class="muted">(hết hạn {formatVnDateTime(i.expiresAt, timeZone)})</span>
                </li>
              ))}
            </ul>
          )}
          {act && unit.active && (
            <form method="post" action={`/units/${unit.id}/invites`}>
              <Csrf session={session} />
              <button type="submit">Tạo mã mời mới (QR Telegram, mã Zalo)</button>
            </form>
          )}
        </section>
      </div>
      <section aria-labelledby="contacts-title">
        <h2 id="contacts-title">Đầu mối ({dossier.contacts.length})</h2>
        {dossier.contacts.length === 0 ? (
          <p>Đơn vị chưa có đầu mối nào liên kết với bot: bot không nhắc được. Hãy tạo mã mời và gửi cho đơn vị.</p>
        ) : (
          <div class="table-wrap" tabindex={0} role="region" aria-labelledby="contacts-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">Họ tên</th>
                  <th scope="col">Kênh</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Lần cuối nhắn</th>
                  {act && <th scope="col">Thao tác</th>}
                </tr>
              </thead>
              <tbody>
                {dossier.contacts.map((c) => (
                  <tr>
                    <td>{c.displayName || 'Chưa có tên'}</td>
                    <td>{CHANNEL_LABEL[c.channel]}</td>
                    <td>{CONTACT_STATUS[c.status]}</td>
                    <td>{c.lastSeenAt ? formatVnDateTime(c.lastSeenAt, timeZone) : '—'}</td>
                    {act && (
                      <td>
                        {c.status !== 'revoked' && (
                          <form method="post" action={`/contacts/${c.id}/revoke`} class="inline" data-confirm={`Thu hồi liên kết của ${c.displayName || 'đầu mối này'}? Người này sẽ không nhận tin nữa.`}>
                            <Csrf session={session} />
                            <button type="submit" class="small secondary" aria-label={`Thu hồi liên kết của ${c.displayName}`}>
                              Thu hồi
                            </button>
                          </form>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="submissions-title">
        <h2 id="submissions-title">Bài nộp ({dossier.submissions.length})</h2>
        {dossier.submissions.length === 0 && <p>Đơn vị chưa nộp bài nào.</p>}
        {dossier.submissions.map((s) => (
          <SubmissionCard s={s} session={session} timeZone={timeZone} />
        ))}
      </section>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Trao đổi với bot</h2>
        {dossier.timeline.length === 0 ? (
          <p>Chưa có tin nhắn nào.</p>
        ) : (
          <ol class="timeline" reversed>
            {dossier.timeline.map((e) => (
              <li class={`dir-${e.direction}`}>
                <span class="meta">
                  {formatVnDateTime(e.at, timeZone)} · {e.direction === 'in' ? `${e.contactName || 'Đầu mối'} gửi` : `Bot gửi ${e.contactName || ''}`}
                  {TIMELINE_LABEL[e.kind] && ` · ${TIMELINE_LABEL[e.kind]}`}
                </span>
                {e.text}
              </li>
            ))}
          </ol>
        )}
      </section>
    </Layout>
  );
}
