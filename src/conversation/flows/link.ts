import { eq } from 'drizzle-orm';
import { units } from '../../db/schema/index.js';
import { DomainError } from '../../core/errors.js';
import { redeemInvite } from '../../domain/invites.js';
import { T } from '../texts.js';
import { say, type Turn } from '../turn.js';
import { IDLE } from '../session.js';
import { withMenu } from './menu.js';

/** "/start <code>" or a bare code: bind this chat account to a unit (or a staff user), once. */
export function linkWithCode(turn: Turn, code: string): void {
  const { event } = turn;
  try {
    const result = redeemInvite(turn.ctx, {
      code,
      channel: event.channel,
      platformUserId: event.user.id,
      chatId: event.chatId,
      displayName: event.user.displayName,
    });
    turn.contact = result.contact;
    turn.state = IDLE;
    if (result.role === 'staff') say(turn, T.linkedStaff(event.user.displayName || 'anh/chị'));
    else say(turn, withMenu(T.linked(result.unit?.name ?? '', event.user.displayName || 'anh/chị')));
  } catch (err) {
    if (err instanceof DomainError && err.field === 'code') {
      const reason = (err.details as { reason?: string } | undefined)?.reason ?? 'unknown';
      say(turn, T.linkRefused[reason] ?? T.linkRefused.unknown!);
      return;
    }
    throw err;
  }
}

export function unitName(turn: Turn): string {
  const unitId = turn.contact?.unitId;
  if (!unitId) return '';
  return turn.ctx.db.select({ name: units.name }).from(units).where(eq(units.id, unitId)).get()?.name ?? '';
}
