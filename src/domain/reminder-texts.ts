import type { OutboundMessage } from '../core/messages.js';
import { calendarDaysBetween, formatVnDateTime, HOUR } from '../lib/time.js';

/** The words people read in reminders, escalations and the digest: plain Vietnamese, one place. */

export const SUBMIT_NOW_LABEL = '📤 Nộp ngay';

/** "còn 3 ngày" / "hôm nay, còn 5 giờ" / "đã quá hạn 2 ngày" / "đã quá hạn". */
export function dueDistance(dueAt: Date, now: Date, timeZone: string): { late: boolean; text: string } {
  const ms = dueAt.getTime() - now.getTime();
  if (ms >= 0) {
    const days = calendarDaysBetween(now, dueAt, timeZone);
    if (days <= 0) {
      const hours = Math.floor(ms / HOUR);
      return { late: false, text: hours >= 1 ? `hạn là hôm nay, còn ${hours} giờ` : 'chỉ còn dưới 1 giờ' };
    }
    return { late: false, text: days === 1 ? 'còn 1 ngày, hạn là ngày mai' : `còn ${days} ngày` };
  }
  const days = calendarDaysBetween(dueAt, now, timeZone);
  return { late: true, text: days >= 1 ? `đã quá hạn ${days} ngày` : 'đã quá hạn' };
}

export type ReminderTemplateInput = {
  requirementId: number;
  requirementTitle: string;
  campaignTitle: string;
  dueAt: Date;
  now: Date;
  timeZone: string;
};

/**
 * The reminder of one requirement at one moment; only the unit differs between recipients,
 * so the dates are formatted once per requirement, not once per unit.
 * `returned`: the unit's latest submission was returned by staff, it owes a new one.
 */
export function reminderTemplate(p: ReminderTemplateInput): (unitName: string, returned: boolean) => OutboundMessage {
  const distance = dueDistance(p.dueAt, p.now, p.timeZone);
  const head = [
    distance.late ? '⚠️ Nhắc nộp bài — đã quá hạn' : '⏰ Nhắc hạn nộp bài',
  ];
  const body = [
    `Cần nộp: ${p.requirementTitle}`,
    `Thuộc: ${p.campaignTitle}`,
    `Hạn nộp: trước ${formatVnDateTime(p.dueAt, p.timeZone)} (${distance.text}).`,
  ];
  const choices = [[{ label: SUBMIT_NOW_LABEL, data: `r:${p.requirementId}` }]];
  const howTo = `Chọn “${SUBMIT_NOW_LABEL}” để gửi tệp hoặc đường link ngay tại đây.`;
  return (unitName, returned) => {
    const lines = [...head, `Đơn vị: ${unitName}`, ...body];
    if (returned) lines.push('Bài nộp lần trước đã được Sở trả lại để bổ sung, đơn vị vui lòng nộp lại.');
    else if (distance.late) lines.push('Sở chưa nhận được bài của đơn vị, đề nghị đơn vị nộp sớm.');
    lines.push(howTo);
    return { text: lines.join('\n'), choices };
  };
}

export function reminderMessage(p: ReminderTemplateInput & { unitName: string; returned: boolean }): OutboundMessage {
  return reminderTemplate(p)(p.unitName, p.returned);
}

/** "A, B, C và 12 đơn vị khác" — a list people can read, capped. */
export function unitList(names: string[], cap = 30): string {
  const shown = names.slice(0, cap);
  const rest = names.length - shown.length;
  return shown.join(', ') + (rest > 0 ? ` và ${rest} đơn vị khác` : '');
}

export type EscalationTextInput = {
  parentName: string;
  requirementTitle: string;
  campaignTitle: string;
  dueAt: Date;
  now: Date;
  timeZone: string;
  lateUnitNames: string[];
};

export function escalationMessage(p: EscalationTextInput): OutboundMessage {
  const distance = dueDistance(p.dueAt, p.now, p.timeZone);
  const n = p.lateUnitNames.length;
  const shown = p.lateUnitNames.slice(0, 30).map((name) => `• ${name}`);
  if (n > shown.length) shown.push(`• … và ${n - shown.length} đơn vị khác`);
  return {
    text: [
      `📣 Đôn đốc nộp bài: ${p.requirementTitle}`,
      `Thuộc: ${p.campaignTitle}`,
      `Hạn nộp ${formatVnDateTime(p.dueAt, p.timeZone)} (${distance.text}).`,
      `${n} đơn vị trực thuộc ${p.parentName} chưa nộp:`,
      ...shown,
      `Đề nghị ${p.parentName} đôn đốc các đơn vị trên nộp bài sớm.`,
    ].join('\n'),
  };
}
