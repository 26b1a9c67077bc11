import { preparedFor } from '../db/prepared.js';
import type { Channel, OutboundMessage } from '../core/messages.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import { formatVnDateTime } from '../lib/time.js';
import type { Ctx } from './context.js';
import { SUBMIT_NOW_LABEL } from './reminder-texts.js';

const statements = preparedFor((db) => ({
  about: db.$client.prepare(
    `SELECT s.code, s.version, s.submitted_at AS submittedAt, r.id AS requirementId, r.title AS requirementTitle, u.name AS unitName
       FROM submissions s JOIN requirements r ON r.id = s.requirement_id JOIN units u ON u.id = s.unit_id
      WHERE s.id = ?`,
  ),
  contacts: db.$client.prepare(
    `SELECT id, channel, chat_id AS chatId FROM contacts
      WHERE unit_id = ? AND role = 'unit_contact' AND status = 'active' ORDER BY id`,
  ),
}));

type About = { code: string; version: number; submittedAt: number; requirementId: number; requirementTitle: string; unitName: string };

export function reviewMessage(a: About, state: 'accepted' | 'returned', reason: string | null, timeZone: string): OutboundMessage {
  const what = `bài nộp ${a.code} (lần ${a.version}, gửi lúc ${formatVnDateTime(new Date(a.submittedAt), timeZone)})`;
  if (state === 'accepted') {
    return {
      text: [`✅ Sở đã tiếp nhận ${what}.`, `Yêu cầu: ${a.requirementTitle}`, `Đơn vị: ${a.unitName}`, 'Cảm ơn đơn vị đã gửi bài.'].join('\n'),
    };
  }
  return {
    text: [
      `↩️ Sở trả lại ${what} để đơn vị bổ sung.`,
      `Yêu cầu: ${a.requirementTitle}`,
      `Đơn vị: ${a.unitName}`,
      `Lý do: ${reason ?? ''}`,
      `Đơn vị vui lòng gửi lại bản mới: chọn “${SUBMIT_NOW_LABEL}”. Bản mới là lần nộp tiếp theo, bản cũ vẫn được lưu.`,
    ].join('\n'),
    choices: [[{ label: SUBMIT_NOW_LABEL, data: `r:${a.requirementId}` }]],
  };
}

/**
 * Tells the unit's active contacts that staff accepted or returned what they sent. Called inside
 * the review's transaction; one message per contact and review (the dedupe key holds the time).
 */
export function notifyReview(ctx: Ctx, submissionId: number, unitId: number, state: 'accepted' | 'returned', reason: string | null): number {
  const st = statements(ctx.db);
  const about = st.about.get(submissionId) as About | undefined;
  if (!about) return 0;
  const message = reviewMessage(about, state, reason, ctx.timeZone);
  const now = ctx.clock.now();
  let sent = 0;
  for (const c of st.contacts.all(unitId) as { id: number; channel: Channel; chatId: string }[]) {
    const id = enqueueMessage(ctx.db, now, {
      dedupeKey: `review:${submissionId}:${state}:${now.getTime()}:${c.id}`,
      channel: c.channel,
      chatId: c.chatId,
      contactId: c.id,
      lane: 'reply',
      message,
    });
    if (id !== undefined) sent += 1;
  }
  return sent;
}
