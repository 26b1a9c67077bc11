import { and, count, desc, eq, gt, isNotNull, isNull, lte, type SQL } from 'drizzle-orm';
import { invites, staffUsers, units } from '../db/schema/index.js';
import { readableCode } from '../lib/ids.js';
import { HOUR, formatVnDateTime } from '../lib/time.js';
import { recordAudit } from './audit.js';
import { linkContact, type Contact, type ContactChannel } from './contacts.js';
import type { Ctx } from './context.js';
import { conflict, invalid, notFound } from '../core/errors.js';

type InviteRow = typeof invites.$inferSelect;
type UnitRow = typeof units.$inferSelect;

export type InviteState = 'active' | 'used' | 'expired' | 'revoked';
export type Invite = InviteRow & { state: InviteState; unit: { id: number; code: string; name: string } | null };

/** What staff need to hand the code over: a deep link, the bare code for Zalo, a text to paste. */
export type InviteShare = {
  telegramLink: string | null;
  /** Why there is no Telegram link, when there is none. */
  telegramHint: string | null;
  zaloText: string;
  instructions: string;
};

export const CODE_LENGTH = 8;
export const DEFAULT_EXPIRY_HOURS = 168;
export const MAX_EXPIRY_HOURS = 2160;

export type InviteOptions = { expiresInHours?: number; note?: string | null };

export type RedeemRefusal = 'unknown' | 'used' | 'expired' | 'revoked' | 'unit_inactive' | 'staff_inactive';

/** One calm Vietnamese sentence per refusal, for the bot to send back. */
export const REDEEM_REFUSAL_TEXT: Record<RedeemRefusal, string> = {
  unknown: 'Mã mời không đúng. Anh/chị kiểm tra lại mã (8 ký tự) hoặc xin mã mới từ Phòng CTTT.',
  used: 'Mã mời này đã được sử dụng. Mỗi mã chỉ dùng một lần; anh/chị xin mã mới từ Phòng CTTT.',
  expired: 'Mã mời đã hết hạn. Anh/chị xin mã mới từ Phòng CTTT.',
  revoked: 'Mã mời đã bị thu hồi. Anh/chị xin mã mới từ Phòng CTTT.',
  unit_inactive: 'Đơn vị của mã mời này hiện không còn hoạt động trên Cầu Nối. Anh/chị liên hệ Phòng CTTT.',
  staff_inactive: 'Tài khoản cán bộ gắn với mã mời này đã bị khóa. Anh/chị liên hệ quản trị viên.',
};

export function inviteState(row: InviteRow, now: Date): InviteState {
  if (row.revokedAt) return 'revoked';
  if (row.usedAt) return 'used';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** Upper-case, without spaces: people copy codes with stray spaces and type them in lower case. */
export function normalizeCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

function expiryHours(options: InviteOptions): number {
  const hours = options.expiresInHours ?? DEFAULT_EXPIRY_HOURS;
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_EXPIRY_HOURS) {
    throw invalid(`expiresInHours must be a whole number from 1 to ${MAX_EXPIRY_HOURS}`, 'expiresInHours');
  }
  return hours;
}

function freshCode(ctx: Ctx): string {
  for (;;) {
    const code = readableCode(CODE_LENGTH);
    if (!ctx.db.select({ id: invites.id }).from(invites).where(eq(invites.code, code)).get()) return code;
  }
}

function insertInvite(
  ctx: Ctx,
  target: { role: 'unit_contact' | 'staff'; unitId: number | null; staffUserId: number | null },
  options: InviteOptions,
  hours: number,
): InviteRow {
  const now = ctx.clock.now();
  const row = ctx.db
    .insert(invites)
    .values({
      code: freshCode(ctx),
      ...target,
      note: options.note ?? null,
      expiresAt: new Date(now.getTime() + hours * HOUR),
      createdAt: now,
    })
    .returning()
    .get();
  recordAudit(ctx, { action: 'invite.create', entity: 'invite', entityId: row.id, after: row });
  return row;
}

/** A single-use code that links one chat account to the unit as its contact. */
export function createInvite(
  ctx: Ctx,
  input: { unitId: number } & InviteOptions,
  botUsername: string | null | undefined,
): Invite & InviteShare {
  const hours = expiryHours(input);
  const { row, unit } = ctx.db.transaction(() => {
    const unit = ctx.db.select().from(units).where(eq(units.id, input.unitId)).get();
    if (!unit) throw notFound('unit', input.unitId);
    if (!unit.active) throw conflict(`unit ${unit.code} is inactive; activate it before inviting contacts`, 'unitId');
    return { row: insertInvite(ctx, { role: 'unit_contact', unitId: unit.id, staffUserId: null }, input, hours), unit };
  });
  const invite = toInvite(row, unit, ctx.clock.now());
  return { ...invite, ...shareInvite(ctx, row, botUsername, `của ${unit.name}`) };
}

/** A single-use code that links a staff member's own chat account (for staff notifications). */
export function createStaffInvite(
  ctx: Ctx,
  input: { staffUserId: number } & InviteOptions,
  botUsername: string | null | undefined,
): Invite & InviteShare {
  const hours = expiryHours(input);
  const { row, user } = ctx.db.transaction(() => {
    const user = ctx.db.select().from(staffUsers).where(eq(staffUsers.id, input.staffUserId)).get();
    if (!user) throw notFound('staff user', input.staffUserId);
    if (!user.active) throw conflict(`staff user ${user.username} is inactive`, 'staffUserId');
    return { row: insertInvite(ctx, { role: 'staff', unitId: null, staffUserId: user.id }, input, hours), user };
  });
  return { ...toInvite(row, undefined, ctx.clock.now()), ...shareInvite(ctx, row, botUsername, `của cán bộ ${user.displayName}`) };
}

export function telegramDeepLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername.replace(/^@/, '')}?start=${code}`;
}

export function shareInvite(ctx: Ctx, row: InviteRow, botUsername: string | null | undefined, whose: string): InviteShare {
  const link = botUsername ? telegramDeepLink(botUsername, row.code) : null;
  const until = formatVnDateTime(row.expiresAt, ctx.timeZone);
  const telegramPart = link
    ? `mở liên kết ${link} trên Telegram`
    : `gửi tin nhắn "/start ${row.code}" cho Bot Cầu Nối trên Telegram`;
  const instructions =
    `Để nhận thông báo, nhắc hạn và gửi báo cáo ${whose} qua Cầu Nối: ${telegramPart}, ` +
    `hoặc gửi mã ${row.code} cho Bot Cầu Nối trên Zalo. ` +
    `Mã dùng một lần, hết hạn lúc ${until}.`;
  return {
    telegramLink: link,
    telegramHint: link ? null : 'Chưa biết tên bot Telegram: đặt TELEGRAM_BOT_USERNAME (hoặc cấu hình TELEGRAM_BOT_TOKEN) để có liên kết t.me.',
    zaloText: row.code,
    instructions,
  };
}

function toInvite(row: InviteRow, unit: Pick<UnitRow, 'id' | 'code' | 'name'> | undefined | null, now: Date): Invite {
  return { ...row, state: inviteState(row, now), unit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null };
}

function stateCondition(state: InviteState, now: Date): SQL {
  switch (state) {
    case 'revoked':
      return isNotNull(invites.revokedAt);
    case 'used':
      return and(isNull(invites.revokedAt), isNotNull(invites.usedAt))!;
    case 'expired':
      return and(isNull(invites.revokedAt), isNull(invites.usedAt), lte(invites.expiresAt, now))!;
    case 'active':
      return and(isNull(invites.revokedAt), isNull(invites.usedAt), gt(invites.expiresAt, now))!;
  }
}

export function listInvites(
  ctx: Ctx,
  q: { unitId?: number; staffUserId?: number; state?: InviteState; limit: number; offset: number },
): { items: Invite[]; total: number } {
  const now = ctx.clock.now();
  const where: SQL[] = [];
  if (q.unitId !== undefined) where.push(eq(invites.unitId, q.unitId));
  if (q.staffUserId !== undefined) where.push(eq(invites.staffUserId, q.staffUserId));
  if (q.state) where.push(stateCondition(q.state, now));
  const condition = where.length ? and(...where) : undefined;
  const rows = ctx.db
    .select({ invite: invites, unit: { id: units.id, code: units.code, name: units.name } })
    .from(invites)
    .leftJoin(units, eq(units.id, invites.unitId))
    .where(condition)
    .orderBy(desc(invites.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  const total = ctx.db.select({ n: count() }).from(invites).where(condition).get()?.n ?? 0;
  return { items: rows.map((r) => toInvite(r.invite, r.unit, now)), total };
}

export function getInvite(ctx: Ctx, id: number): Invite {
  const r = ctx.db
    .select({ invite: invites, unit: { id: units.id, code: units.code, name: units.name } })
    .from(invites)
    .leftJoin(units, eq(units.id, invites.unitId))
    .where(eq(invites.id, id))
    .get();
  if (!r) throw notFound('invite', id);
  return toInvite(r.invite, r.unit, ctx.clock.now());
}

export function revokeInvite(ctx: Ctx, id: number): Invite {
  ctx.db.transaction(() => {
    const before = ctx.db.select().from(invites).where(eq(invites.id, id)).get();
    if (!before) throw notFound('invite', id);
    if (before.revokedAt) throw conflict(`invite ${id} is already revoked`, 'state');
    if (before.usedAt) throw conflict(`invite ${id} was already used; revoke the contact instead`, 'state');
    const after = ctx.db
      .update(invites)
      .set({ revokedAt: ctx.clock.now() })
      .where(eq(invites.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, { action: 'invite.revoke', entity: 'invite', entityId: id, before, after });
  });
  return getInvite(ctx, id);
}

export type RedeemInput = {
  code: string;
  channel: ContactChannel;
  platformUserId: string;
  chatId: string;
  displayName: string;
};

export type Redemption = { contact: Contact; unit: UnitRow | null; role: 'unit_contact' | 'staff' };

function refuse(reason: RedeemRefusal): never {
  throw invalid(`invite code refused: ${reason}`, 'code', { reason });
}

/**
 * The bot's verb when someone sends a code: links their chat account and uses the code up.
 * All or nothing: a refused code (details.reason says why) leaves no trace in the database,
 * and the `used_at IS NULL` guard on the update means two people racing for one code
 * cannot both win.
 */
export function redeemInvite(ctx: Ctx, input: RedeemInput): Redemption {
  const code = normalizeCode(input.code);
  return ctx.db.transaction(() => {
    const invite = code ? ctx.db.select().from(invites).where(eq(invites.code, code)).get() : undefined;
    if (!invite) refuse('unknown');
    const now = ctx.clock.now();
    const state = inviteState(invite, now);
    if (state !== 'active') refuse(state);

    let unit: UnitRow | null = null;
    if (invite.role === 'unit_contact') {
      unit = ctx.db.select().from(units).where(eq(units.id, invite.unitId ?? -1)).get() ?? null;
      if (!unit?.active) refuse('unit_inactive');
    } else {
      const user = ctx.db.select().from(staffUsers).where(eq(staffUsers.id, invite.staffUserId ?? -1)).get();
      if (!user?.active) refuse('staff_inactive');
    }

    const { before, after } = linkContact(
      ctx,
      { channel: input.channel, platformUserId: input.platformUserId, chatId: input.chatId, displayName: input.displayName },
      { role: invite.role, unitId: unit?.id ?? null, staffUserId: invite.staffUserId },
    );
    const claimed = ctx.db
      .update(invites)
      .set({ usedAt: now, usedByContactId: after.id })
      .where(and(eq(invites.id, invite.id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .run();
    if (claimed.changes !== 1) refuse('used'); // someone else won the race; the throw undoes the contact change
    recordAudit(ctx, {
      action: 'invite.redeem',
      entity: 'invite',
      entityId: invite.id,
      before: { invite, contact: before ?? null },
      after: { invite: { ...invite, usedAt: now, usedByContactId: after.id }, contact: after },
    });
    return { contact: after, unit, role: invite.role };
  });
}
