import { and, asc, eq } from 'drizzle-orm';
import { savedReplies } from '../db/schema/index.js';
import { cleanText } from '../lib/text.js';
import { formatVnDate } from '../lib/time.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { invalid, notFound } from '../core/errors.js';
import { MAX_TICKET_TEXT, type TicketDetail } from './tickets.js';

export type SavedReply = typeof savedReplies.$inferSelect;

/** The fields a saved reply may use, filled in for the ticket it answers. */
export const REPLY_FIELDS = ['tên', 'mã', 'hạn', 'ngày nhận', 'cán bộ'] as const;
type ReplyField = (typeof REPLY_FIELDS)[number];
const FIELD = /\{([^{}\n]{1,30})\}/g;

/** "Anh/chị" where the person's name may not be shown (a denunciation below the admin role) or is unknown. */
const NO_NAME = 'anh/chị';

function checked(input: { title: string; body: string }): { title: string; body: string } {
  const title = cleanText(input.title).slice(0, 120);
  if (!title) throw invalid('Anh/chị đặt tên cho mẫu trả lời.', 'title');
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (!body) throw invalid('Nội dung mẫu trả lời không được để trống.', 'body');
  if (body.length > MAX_TICKET_TEXT) throw invalid(`Nội dung mẫu dài quá ${MAX_TICKET_TEXT} ký tự.`, 'body');
  const unknown = [...body.matchAll(FIELD)].map((m) => m[1]!).filter((f) => !(REPLY_FIELDS as readonly string[]).includes(f));
  if (unknown.length) {
    throw invalid(`Mẫu có trường không dùng được: {${unknown[0]}}. Các trường dùng được: ${REPLY_FIELDS.map((f) => `{${f}}`).join(', ')}.`, 'body');
  }
  return { title, body };
}

export function listSavedReplies(ctx: Ctx): SavedReply[] {
  return ctx.db.select().from(savedReplies).where(eq(savedReplies.active, true)).orderBy(asc(savedReplies.title)).all();
}

export function getSavedReply(ctx: Ctx, id: number): SavedReply {
  const row = ctx.db.select().from(savedReplies).where(and(eq(savedReplies.id, id), eq(savedReplies.active, true))).get();
  if (!row) throw notFound('saved reply', id);
  return row;
}

export function createSavedReply(ctx: Ctx, input: { title: string; body: string }): SavedReply {
  const fields = checked(input);
  return ctx.db.transaction(() => {
    const now = ctx.clock.now();
    const row = ctx.db.insert(savedReplies).values({ ...fields, createdBy: ctx.actor.label, createdAt: now, updatedAt: now }).returning().get();
    recordAudit(ctx, { action: 'saved_reply.create', entity: 'saved_reply', entityId: row.id, after: row });
    return row;
  });
}

export function updateSavedReply(ctx: Ctx, id: number, input: { title: string; body: string }): SavedReply {
  const fields = checked(input);
  return ctx.db.transaction(() => {
    const before = getSavedReply(ctx, id);
    const after = ctx.db.update(savedReplies).set({ ...fields, updatedAt: ctx.clock.now() }).where(eq(savedReplies.id, id)).returning().get()!;
    recordAudit(ctx, { action: 'saved_reply.update', entity: 'saved_reply', entityId: id, before, after });
    return after;
  });
}

export function deleteSavedReply(ctx: Ctx, id: number): void {
  ctx.db.transaction(() => {
    const before = getSavedReply(ctx, id);
    ctx.db.update(savedReplies).set({ active: false, updatedAt: ctx.clock.now() }).where(eq(savedReplies.id, id)).run();
    recordAudit(ctx, { action: 'saved_reply.delete', entity: 'saved_reply', entityId: id, before });
  });
}

/**
 * A saved reply written out for one ticket. The person's name comes from the ticket as the
 * actor may see it: a denouncer stays "anh/chị" below the admin role.
 */
export function fillSavedReply(ctx: Ctx, body: string, ticket: TicketDetail, staffName: string): string {
  const values: Record<ReplyField, string> = {
    tên: ticket.requester?.displayName.trim() || NO_NAME,
    mã: ticket.code,
    hạn: ticket.dueAt ? formatVnDate(ticket.dueAt, ctx.timeZone) : '—',
    'ngày nhận': formatVnDate(ticket.createdAt, ctx.timeZone),
    'cán bộ': staffName,
  };
  return body.replace(FIELD, (whole, name: string) => values[name as ReplyField] ?? whole);
}
