import { and, asc, eq } from 'drizzle-orm';
import { contacts } from '../db/schema/index.js';
import type { OutboundMessage } from '../core/messages.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import { formatVnDate, formatVnDateTime, localParts } from '../lib/time.js';
import type { Ctx } from './context.js';
import { isQuiet, quietEnd, type QuietHours } from './quiet-hours.js';
import { dueDistance, unitList } from './reminder-texts.js';
import { requirementStatus } from './requirement-status.js';
import { openRequirements } from './reminders.js';
import { oaConnection } from './zalo-oa-tokens.js';

/** Longest list of unit names in one line of the digest before "và N đơn vị khác". */
export const DIGEST_LIST_CAP = 30;

type UnitRef = { id: number; code: string; name: string };

export type DigestRequirement = {
  id: number;
  title: string;
  campaignTitle: string;
  dueAt: Date;
  total: number;
  /** Received and not returned (on time or late). */
  submitted: number;
  /** Nothing received yet, deadline not passed. */
  missing: number;
  /** Nothing received and the deadline has passed. */
  late: number;
  /** Latest version returned by staff: they owe a new one. */
  returned: number;
  lateUnits: UnitRef[];
};

export type Digest = {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  requirements: DigestRequirement[];
  /** Units owing something that no active contact can be reached at: reminders cannot reach them. */
  unreachable: UnitRef[];
  /** The Zalo OA lost its grant: nobody on the OA gets an answer until an admin reconnects it. */
  zaloOaLost: boolean;
};

/** Progress of every open requirement, from the same rules as the per-requirement status page. */
export function buildDigest(ctx: Ctx): Digest {
  const now = ctx.clock.now();
  const p = localParts(now, ctx.timeZone);
  const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  const unreachable = new Map<number, UnitRef>();
  const requirements: DigestRequirement[] = openRequirements(ctx.db).map((r) => {
    const status = requirementStatus(ctx, r.id);
    const entry: DigestRequirement = {
      id: r.id,
      title: r.title,
      campaignTitle: r.campaignTitle,
      dueAt: r.dueAt,
      total: status.counts.total,
      submitted: 0,
      missing: 0,
      late: 0,
      returned: 0,
      lateUnits: [],
    };
    for (const item of status.items) {
      const unit = { id: item.unit.id, code: item.unit.code, name: item.unit.name };
      // status 'late' with a submission means "received after the deadline": it was received.
      const owes = item.status === 'missing' || item.status === 'returned' || (item.status === 'late' && item.lastSubmittedAt === null);
      if (!owes) entry.submitted += 1;
      else if (item.status === 'returned') entry.returned += 1;
      else if (item.status === 'missing') entry.missing += 1;
      else {
        entry.late += 1;
        entry.lateUnits.push(unit);
      }
      if (owes && item.contactCount === 0) unreachable.set(unit.id, unit);
    }
    return entry;
  });
  const zaloOaLost = oaConnection(ctx).status === 'needs_reconnect';
  return { date, requirements, unreachable: [...unreachable.values()].sort((a, b) => a.code.localeCompare(b.code)), zaloOaLost };
}

export function digestMessage(digest: Digest, now: Date, timeZone: string): OutboundMessage {
  const lines = [`📊 Tổng hợp tình hình nộp bài ngày ${formatVnDate(now, timeZone)}`];
  digest.requirements.forEach((r, i) => {
    lines.push('');
    lines.push(`${i + 1}. ${r.title} (${r.campaignTitle})`);
    lines.push(`   Hạn nộp ${formatVnDateTime(r.dueAt, timeZone)} — ${dueDistance(r.dueAt, now, timeZone).text}.`);
    const parts = [`Đã nộp ${r.submitted}/${r.total}`];
    if (r.missing) parts.push(`chưa nộp ${r.missing}`);
    if (r.late) parts.push(`quá hạn chưa nộp ${r.late}`);
    if (r.returned) parts.push(`bị trả lại chờ nộp lại ${r.returned}`);
    lines.push(`   ${parts.join(' · ')}.`);
    if (r.lateUnits.length) lines.push(`   Đơn vị quá hạn: ${unitList(r.lateUnits.map((u) => u.name), DIGEST_LIST_CAP)}.`);
  });
  if (digest.unreachable.length) {
    lines.push('');
    lines.push(
      `⚠️ ${digest.unreachable.length} đơn vị còn nợ bài nhưng chưa có đầu mối nhận tin (bot không nhắc được): ` +
        `${unitList(digest.unreachable.map((u) => u.name), DIGEST_LIST_CAP)}. Đề nghị cấp mã liên kết cho các đơn vị này.`,
    );
  }
  if (digest.zaloOaLost) {
    lines.push('');
    lines.push('⚠️ Zalo OA mất kết nối: Zalo không còn chấp nhận mã làm mới, tin nhắn qua OA đang chờ. Quản trị viên vào Quản trị › Zalo OA (/admin/zalo-oa) để kết nối lại.');
  }
  return { text: lines.join('\n') };
}

export type DigestSummary = { date: string; requirements: number; recipients: number; messages: number; unreachable: number };

/**
 * One digest a day to every active staff contact (dedupe key digest:<date>:<contact>, so a
 * second run the same day sends nothing). Nothing is sent when no requirement is open.
 * In quiet hours the message waits in the outbox until the window ends.
 */
export function sendDigest(ctx: Ctx, opts: { quietHours: QuietHours }): DigestSummary {
  const now = ctx.clock.now();
  const digest = buildDigest(ctx);
  const staff = ctx.db
    .select({ id: contacts.id, channel: contacts.channel, chatId: contacts.chatId })
    .from(contacts)
    .where(and(eq(contacts.role, 'staff'), eq(contacts.status, 'active')))
    .orderBy(asc(contacts.id))
    .all();
  const summary = { date: digest.date, requirements: digest.requirements.length, recipients: staff.length, messages: 0, unreachable: digest.unreachable.length };
  if (digest.requirements.length === 0 && !digest.zaloOaLost) return summary;
  const message = digestMessage(digest, now, ctx.timeZone);
  const notBefore = isQuiet(opts.quietHours, now, ctx.timeZone) ? quietEnd(opts.quietHours, now, ctx.timeZone) : undefined;
  ctx.db.transaction(() => {
    for (const c of staff) {
      const id = enqueueMessage(ctx.db, now, {
        dedupeKey: `digest:${digest.date}:${c.id}`,
        channel: c.channel,
        chatId: c.chatId,
        contactId: c.id,
        lane: 'bulk',
        message,
        notBefore,
      });
      if (id !== undefined) summary.messages += 1;
    }
  });
  return summary;
}
