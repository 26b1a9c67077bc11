import type { Campaign } from '../../../domain/campaigns.js';
import type { FormEntry } from '../../../domain/forms.js';
import type { Requirement } from '../../../domain/requirements.js';
import type { UnitKind } from '../../../domain/unit-kinds.js';
import { formatVnDateTime } from '../../../lib/time.js';
import type { PageSession } from '../env.js';
import type { Flash } from '../flash.js';
import { KIND_LABEL } from './labels.js';
import { Csrf, ErrorNotice, FlashNotice, Layout } from './layout.js';

export type CampaignDraft = { title: string; referenceNumber: string; issuedOn: string; description: string };
export type RequirementDraft = {
  title: string;
  kind: 'plan' | 'report';
  description: string;
  dueDate: string;
  dueTime: string;
  reminderOffsets: string;
  escalateAfter: string;
  formKey: string;
  unitKinds: string[];
  unitCodes: string;
};

function Crumbs(props: { campaign?: Campaign }) {
  return (
    <p class="muted">
      <a href="/admin">Quản trị</a> › <a href="/admin/campaigns">Kế hoạch</a>
      {props.campaign && (
        <>
          {' '}
          › <a href={`/admin/campaigns/${props.campaign.id}`}>{props.campaign.title}</a>
        </>
      )}
    </p>
  );
}

function CampaignFields(props: { draft: CampaignDraft }) {
  const { draft } = props;
  return (
    <>
      <label for="c-title">Tên kế hoạch</label>
      <input id="c-title" name="title" required maxlength={300} value={draft.title} />
      <label for="c-ref">Số hiệu (vd: 1234/KH-SGDĐT)</label>
      <input id="c-ref" name="referenceNumber" maxlength={100} value={draft.referenceNumber} />
      <label for="c-issued">Ngày ban hành</label>
      <input id="c-issued" name="issuedOn" type="date" value={draft.issuedOn} />
      <label for="c-desc">Mô tả</label>
      <textarea id="c-desc" name="description" rows={3} maxlength={5000}>
        {draft.description}
      </textarea>
    </>
  );
}

export function campaignsPage(p: { session: PageSession; campaigns: (Campaign & { requirements: number })[]; draft: CampaignDraft; error?: string; flash?: Flash }) {
  const { session } = p;
  return (
    <Layout title="Kế hoạch" session={session}>
      <Crumbs />
      <h1>Kế hoạch</h1>
      <FlashNotice flash={p.flash} />
      <div class="table-wrap" tabindex={0} role="region" aria-label="Các kế hoạch">
        <table>
          <thead>
            <tr>
              <th scope="col">Kế hoạch</th>
              <th scope="col">Số hiệu</th>
              <th scope="col" class="num">Yêu cầu nộp</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {p.campaigns.map((c) => (
              <tr>
                <td>
                  <a href={`/admin/campaigns/${c.id}`}>{c.title}</a>
                </td>
                <td>{c.referenceNumber ?? '—'}</td>
                <td class="num">{c.requirements}</td>
                <td>{c.status === 'open' ? 'Đang mở' : 'Đã đóng'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="card" aria-labelledby="new-campaign">
        <h2 id="new-campaign">Thêm kế hoạch</h2>
        <ErrorNotice error={p.error} />
        <form method="post" action="/admin/campaigns" class="stack narrow">
          <Csrf session={session} />
          <CampaignFields draft={p.draft} />
          <button type="submit">Thêm kế hoạch</button>
        </form>
      </section>
    </Layout>
  );
}

export function campaignPage(p: { session: PageSession; campaign: Campaign; requirements: Requirement[]; draft: CampaignDraft; timeZone: string; error?: string; flash?: Flash }) {
  const { session, campaign } = p;
  return (
    <Layout title={campaign.title} session={session}>
      <Crumbs />
      <h1>{campaign.title}</h1>
      <FlashNotice flash={p.flash} />
      <section aria-labelledby="reqs-title">
        <h2 id="reqs-title">Yêu cầu nộp ({p.requirements.length})</h2>
        <ul>
          {p.requirements.map((r) => (
            <li>
              <a href={`/requirements/${r.id}`}>{r.title}</a> — {KIND_LABEL[r.kind]}, hạn {formatVnDateTime(r.dueAt, p.timeZone)}
              {r.status === 'closed' && ' (đã đóng)'} · <a href={`/admin/requirements/${r.id}/edit`}>Sửa</a>
            </li>
          ))}
        </ul>
        {campaign.status === 'open' && (
          <p>
            <a class="button" href={`/admin/campaigns/${campaign.id}/requirements/new`}>
              Thêm yêu cầu nộp
            </a>
          </p>
        )}
      </section>
      <section class="card" aria-labelledby="edit-campaign">
        <h2 id="edit-campaign">Sửa thông tin kế hoạch</h2>
        <ErrorNotice error={p.error} />
        <form method="post" action={`/admin/campaigns/${campaign.id}`} class="stack narrow">
          <Csrf session={session} />
          <CampaignFields draft={p.draft} />
          <button type="submit">Lưu</button>
        </form>
      </section>
      {campaign.status === 'open' && (
        <form method="post" action={`/admin/campaigns/${campaign.id}/close`} data-confirm="Đóng kế hoạch? Mọi yêu cầu nộp của kế hoạch cũng đóng, bot không nhận bài nữa.">
          <Csrf session={session} />
          <button type="submit" class="danger">Đóng kế hoạch</button>
        </form>
      )}
    </Layout>
  );
}

/** Create or edit a requirement: due time, reminder offsets, audience with a live unit count, form. */
export function requirementFormPage(p: {
  session: PageSession;
  campaign: Campaign;
  requirement?: Requirement;
  draft: RequirementDraft;
  kinds: UnitKind[];
  forms: FormEntry[];
  unitCount: string;
  error?: string;
}) {
  const { session, campaign, draft, requirement } = p;
  const action = requirement ? `/admin/requirements/${requirement.id}/edit` : `/admin/campaigns/${campaign.id}/requirements`;
  return (
    <Layout title={requirement ? `Sửa ${requirement.title}` : 'Thêm yêu cầu nộp'} session={session}>
      <Crumbs campaign={campaign} />
      <h1>{requirement ? `Sửa: ${requirement.title}` : 'Thêm yêu cầu nộp'}</h1>
      <ErrorNotice error={p.error} />
      <form method="post" action={action} class="stack" data-preview-url="/admin/audience-count">
        <Csrf session={session} />
        <label for="r-title">Tên yêu cầu</label>
        <input id="r-title" name="title" required maxlength={300} value={draft.title} />
        <label for="r-kind">Loại</label>
        <select id="r-kind" name="kind">
          <option value="plan" selected={draft.kind === 'plan'}>Kế hoạch của đơn vị</option>
          <option value="report" selected={draft.kind === 'report'}>Báo cáo kết quả</option>
        </select>
        <label for="r-desc">Mô tả</label>
        <textarea id="r-desc" name="description" rows={2} maxlength={5000}>
          {draft.description}
        </textarea>
        <div class="filters">
          <div class="field">
            <label for="r-date">Hạn nộp (ngày)</label>
            <input id="r-date" name="dueDate" type="date" required value={draft.dueDate} />
          </div>
          <div class="field">
            <label for="r-time">Giờ</label>
            <input id="r-time" name="dueTime" type="time" required value={draft.dueTime} />
          </div>
        </div>
        <label for="r-offsets">Nhắc hạn (trước/sau hạn: -7d là trước 7 ngày, -12h là trước 12 giờ, +1d là sau 1 ngày)</label>
        <input id="r-offsets" name="reminderOffsets" value={draft.reminderOffsets} maxlength={300} />
        <label for="r-escalate">Báo đơn vị cấp trên khi trễ quá (vd: +2d; để trống: không báo)</label>
        <input id="r-escalate" name="escalateAfter" value={draft.escalateAfter} maxlength={10} />
        <label for="r-form">Mẫu biểu bot hỏi</label>
        <select id="r-form" name="formKey">
          <option value="">— Không có (chỉ nhận tệp, đường liên kết) —</option>
          {p.forms.map((f) => (
            <option value={f.key} selected={draft.formKey === f.key}>
              {f.title} ({f.key})
            </option>
          ))}
        </select>
        <fieldset>
          <legend>Đơn vị phải nộp</legend>
          <div class="checks">
            {p.kinds.map((k) => (
              <label>
                <input type="checkbox" name="unitKinds" value={k.key} checked={draft.unitKinds.includes(k.key)} /> {k.label}
              </label>
            ))}
          </div>
          <label for="r-units">Thêm từng đơn vị theo mã (cách nhau bởi dấu phẩy, khoảng trắng hoặc xuống dòng)</label>
          <textarea id="r-units" name="unitCodes" rows={2}>
            {draft.unitCodes}
          </textarea>
          <p id="audience-units" role="status" aria-live="polite">
            {p.unitCount}
          </p>
        </fieldset>
        <button type="submit">{requirement ? 'Lưu' : 'Thêm yêu cầu'}</button>
      </form>
      {requirement && requirement.status === 'open' && (
        <form method="post" action={`/admin/requirements/${requirement.id}/close`} data-confirm="Đóng yêu cầu? Bot không nhận bài nộp cho yêu cầu này nữa.">
          <Csrf session={session} />
          <button type="submit" class="danger">Đóng yêu cầu</button>
        </form>
      )}
    </Layout>
  );
}
