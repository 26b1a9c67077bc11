import { openRequirementsForUnit, type UnitRequirement } from '../../domain/unit-requirements.js';
import { dueText } from '../../lib/due-text.js';
import { formatVnDateTime } from '../../lib/time.js';
import { T } from '../texts.js';
import { say, type Turn } from '../turn.js';
import { unitName } from './link.js';
import { withMenu } from './menu.js';

/** One line per open requirement: due date in Vietnamese, what was received, what is late. */
export function describeRequirement(r: UnitRequirement, now: Date, timeZone: string): string {
  // Once something was received, "đã trễ N ngày" would contradict "đúng hạn": show the date only.
  const received = r.latest !== null && r.latest.reviewState !== 'returned';
  const due = received ? `hạn chót ${formatVnDateTime(r.dueAt, timeZone)}` : dueText(r.dueAt, now, timeZone);
  let state: string;
  if (!r.latest) state = now > r.dueAt ? '❗ Chưa nộp — đã trễ hạn' : '⏳ Chưa nộp';
  else if (r.latest.reviewState === 'returned') {
    state = `↩️ Sở đề nghị nộp lại${r.latest.reviewReason ? `: ${r.latest.reviewReason}` : ''}`;
  } else {
    state =
      `✅ Đã nộp lúc ${formatVnDateTime(r.latest.submittedAt, timeZone)} (${r.latest.onTime ? 'đúng hạn' : 'trễ hạn'}), ` +
      `mã ${r.latest.code}${r.latest.version > 1 ? `, lần ${r.latest.version}` : ''}`;
  }
  return `${r.title}\n   ${due}\n   ${state}`;
}

export function showStatus(turn: Turn): void {
  const unitId = turn.contact?.unitId;
  if (!unitId) return;
  const now = turn.ctx.clock.now();
  const list = openRequirementsForUnit(turn.ctx, unitId);
  const name = unitName(turn);
  if (list.length === 0) {
    say(turn, withMenu(T.noOpenRequirements(name)));
    return;
  }
  const lines = list.map((r, i) => `${i + 1}. ${describeRequirement(r, now, turn.ctx.timeZone)}`);
  say(turn, withMenu(`${T.statusHeader(name)}\n\n${lines.join('\n\n')}`));
}
