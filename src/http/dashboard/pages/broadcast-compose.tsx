import { raw } from 'hono/html';
import type { AudienceCount } from '../../../domain/broadcast-audience.js';
import type { UnitKind } from '../../../domain/unit-kinds.js';
import type { BroadcastDraft } from '../broadcast-form.js';
import type { PageSession } from '../env.js';
import { Csrf, ErrorNotice, Layout } from './layout.js';

const ROLE_CHOICES = [
  { role: 'unit_contact', label: 'Đầu mối đơn vị' },
  { role: 'citizen', label: 'Người dân theo dõi (theo chủ đề)' },
  { role: 'staff', label: 'Cán bộ của Sở (đã liên kết Telegram/Zalo)' },
] as const;

/** The figures under the audience picker: who it reaches now, by channel. */
export function audienceText(count: AudienceCount): string {
  if (count.total === 0) return 'Chưa có ai nhận: chọn nhóm người nhận (và loại đơn vị, đơn vị, chủ đề nếu cần).';
  const c = count.byChannel;
  return `Sẽ gửi đến ${count.total} người: Telegram ${c.telegram}, Zalo ${c.zalo + c.zalo_oa}, Trang thử ${c.web}.`;
}

export type BroadcastPreview = { telegramHtml: string; zaloParts: string[]; ack: boolean; attachment: boolean };

/** The message as it will look: Telegram (bold, italic, links, a button) and Zalo (plain text, numbered choices). */
export function PreviewPanes(props: { preview: BroadcastPreview }) {
  const { preview } = props;
  return (
    <div class="previews">
      <figure class="phone" aria-labelledby="tg-caption">
        <figcaption id="tg-caption">Trên Telegram</figcaption>
        <div class="bubble" id="preview-telegram">
          {raw(preview.telegramHtml)}
        </div>
      </figure>
      <figure class="phone" aria-labelledby="zalo-caption">
        <figcaption id="zalo-caption">Trên Zalo</figcaption>
        <div class="bubble" id="preview-zalo">
          {preview.zaloParts.join('\n\n— tin nhắn tiếp —\n\n')}
        </div>
      </figure>
    </div>
  );
}

/** The Telegram bubble's inner HTML: escaped text in the formatting subset, the attachment and the button under it. */
export function telegramBubble(html: string, p: { ack: boolean; attachment: boolean }): string {
  return `${p.attachment ? '<span class="muted">📎 Kèm một tệp</span><br>' : ''}${html || '<span class="muted">(nội dung thông báo)</span>'}${
    p.ack ? '<div class="tg-buttons"><span>✅ Đã nhận</span></div>' : ''
  }`;
}

export function broadcastComposePage(p: {
  session: PageSession;
  draft: BroadcastDraft;
  kinds: UnitKind[];
  topics: { key: string; label: string; subscribers: number }[];
  count: AudienceCount;
  preview: BroadcastPreview;
  error?: string;
}) {
  const { draft, session } = p;
  return (
    <Layout title="Soạn thông báo" session={session}>
      <p class="muted">
        <a href="/broadcasts">Thông báo</a> › Soạn thông báo
      </p>
      <h1>Soạn thông báo</h1>
      <ErrorNotice error={p.error} />
      <form method="post" action="/broadcasts" enctype="multipart/form-data" class="stack" data-preview-url="/broadcasts/preview">
        <Csrf session={session} />
        <label for="b-title">Tiêu đề (để trống: lấy dòng đầu của nội dung)</label>
        <input id="b-title" name="title" maxlength={200} value={draft.title} />
        <label for="b-text">Nội dung</label>
        <textarea id="b-text" name="text" rows={8} required maxlength={3500} aria-describedby="b-format">
          {draft.text}
        </textarea>
        <p id="b-format" class="muted">
          Định dạng: **chữ đậm**, _chữ nghiêng_, [chữ](https://địa-chỉ) cho đường liên kết; xuống dòng giữ nguyên. Zalo nhận chữ thường.
        </p>
        <fieldset>
          <legend>Người nhận</legend>
          <div class="checks">
            {ROLE_CHOICES.map((r) => (
              <label>
                <input type="checkbox" name="roles" value={r.role} checked={draft.roles.includes(r.role)} /> {r.label}
              </label>
            ))}
          </div>
          <details open={draft.unitKinds.length > 0 || draft.unitCodes !== ''}>
            <summary>Chỉ một số loại đơn vị hoặc đơn vị (cho đầu mối đơn vị)</summary>
            <div class="checks">
              {p.kinds.map((k) => (
                <label>
                  <input type="checkbox" name="unitKinds" value={k.key} checked={draft.unitKinds.includes(k.key)} /> {k.label}
                </label>
              ))}
            </div>
            <label for="b-units">Mã đơn vị (cách nhau bởi dấu phẩy, khoảng trắng hoặc xuống dòng)</label>
            <textarea id="b-units" name="unitCodes" rows={2}>
              {draft.unitCodes}
            </textarea>
          </details>
          {p.topics.length > 0 && (
            <details open={draft.topics.length > 0}>
              <summary>Chỉ người dân theo dõi một số chủ đề</summary>
              <div class="checks">
                {p.topics.map((t) => (
                  <label>
                    <input type="checkbox" name="topics" value={t.key} checked={draft.topics.includes(t.key)} /> {t.label} ({t.subscribers} người theo dõi)
                  </label>
                ))}
              </div>
            </details>
          )}
          <p id="audience-count" role="status" aria-live="polite">
            {audienceText(p.count)}
          </p>
          <button type="submit" formaction="/broadcasts/new" formmethod="get" class="secondary small">
            Đếm người nhận và xem trước
          </button>
        </fieldset>
        <label>
          <input type="checkbox" name="requireAck" value="1" checked={draft.requireAck} /> Yêu cầu bấm “✅ Đã nhận”
        </label>
        <label for="b-file">Tệp đính kèm (không bắt buộc, tối đa 20 MB)</label>
        <input id="b-file" type="file" name="attachment" />
        <label for="b-at">Hẹn giờ gửi (để trống: gửi ngay)</label>
        <input id="b-at" type="datetime-local" name="scheduledAt" value={draft.scheduledAt} />
        <h2>Xem trước</h2>
        <PreviewPanes preview={p.preview} />
        <button type="submit">Gửi thông báo</button>
      </form>
    </Layout>
  );
}
