import { and, asc, count, desc, eq, inArray, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { enterTicketThread } from '../conversation/session.js';
import { contacts, staffUsers, ticketMessages, tickets } from '../db/schema/index.js';
import { localParts } from '../lib/time.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import { recordAudit } from './audit.js';
import { systemActor, withActor, type Actor, type Ctx } from './context.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import { deadlinesFor, type TicketKind } from './ticket-deadlines.js';
import { TICKET_TEXTS } from './ticket-texts.js';

export type { TicketKind };
export type TicketStatus = 'new' | 'assigned' | 'answered' | 'closed';
export type TicketRow = typeof tickets.$inferSelect;
/** 'note' is staff's internal note: on the thread for staff, never sent, never counted for the person. */
export type TicketMessage = { id: number; author: 'citizen' | 'staff' | 'system' | 'note'; authorLabel: string | null; staffUserId: number | null; body: string; createdAt: Date };

/** The person behind a ticket. For a denunciation only the admin role ever gets it. */
export type Requester = { contactId: number; displayName: string; channel: string; platformUserId: string; chatId: string };

export type TicketSummary = TicketRow & { firstMessage: string; messageCount: number; overdue: boolean; assigneeName: string | null };
export type TicketDetail = TicketSummary & { messages: TicketMessage[]; requester: Requester | null };

export const MAX_TICKET_TEXT = 4000;
const PREFIX: Record<TicketKind, string> = { question: 'HD', feedback: 'PA', complaint: 'KN', denunciation: 'TC' };
const CODE = /^(HD|PA|KN|TC)-\d{4}-\d{6}$/;

export function isTicketCode(text: string): boolean {
  return CODE.test(text.trim().toUpperCase());
}

/**
 * Who may see the person behind a ticket: the admin role for a denunciation (Luật Tố cáo keeps
 * the denouncer's identity secret), staff and admin for the other kinds. Never the viewer role.
 */
export function mayIdentify(actor: Actor, kind: TicketKind): boolean {
  const role = 'role' in actor ? actor.role : undefined;
  if (kind === 'denunciation') return role === 'admin';
  return role === 'admin' || role === 'staff';
}

function nextCode(ctx: Ctx, kind: TicketKind, now: Date): string {
  const year = localParts(now, ctx.timeZone).year;
  const n = ctx.db.select({ n: count() }).from(tickets).where(sql`substr(${tickets.code}, 4, 4) = ${String(year)}`).get()?.n ?? 0;
  return `${PREFIX[kind]}-${year}-${String(n + 1).padStart(6, '0')}`;
}

/**
 * What a denunciation shows outside the admin role, in place of its text: people are asked to
 * write their name and address in it (Luật Tố cáo), so the text itself identifies them.
 */
export const WITHHELD_TEXT = '[nội dung tố cáo: chỉ quản trị viên được xem]';

function subjectOf(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? text;
  return line.trim().slice(0, 120);
}

function cleanBody(text: string): string {
  const body = text.trim();
  if (!body) throw invalid('text: must not be empty', 'text');
  if (body.length > MAX_TICKET_TEXT) throw invalid(`text: at most ${MAX_TICKET_TEXT} characters`, 'text');
  return body;
}

function insertMessage(ctx: Ctx, ticketId: number, author: TicketMessage['author'], body: string): number {
  const staffUserId = ctx.actor.type === 'staff_user' ? ctx.actor.id : null;
  const authorLabel = author === 'staff' || author === 'note' ? ctx.actor.label : null;
  return ctx.db
    .insert(ticketMessages)
    .values({ ticketId, author, staffUserId, authorLabel, body, createdAt: ctx.clock.now() })
    .returning({ id: ticketMessages.id })
    .get().id;
}

/** A person's question, feedback, complaint or denunciation becomes a ticket with a tracking code. Call inside the turn's transaction. */
export function openTicket(ctx: Ctx, input: { contactId: number; kind: TicketKind; text: string }): { ticket: TicketRow; messageId: number } {
  const body = cleanBody(input.text);
  const now = ctx.clock.now();
  const { ackDueAt, dueAt } = deadlinesFor(input.kind, now, ctx.timeZone);
  const row = ctx.db
    .insert(tickets)
    .values({ code: nextCode(ctx, input.kind, now), kind: input.kind, status: 'new', subject: input.kind === 'denunciation' ? WITHHELD_TEXT : subjectOf(body), contactId: input.contactId, ackDueAt, dueAt, createdAt: now, updatedAt: now })
    .returning()
    .get();
  const messageId = insertMessage(ctx, row.id, 'citizen', body);
  // No text and no person in the audit entry: it outlives deletion requests. For a denunciation
  // not even the actor: the denouncer's identity stays with the ticket, for the admin role only.
  const auditCtx = input.kind === 'denunciation' ? withActor(ctx, systemActor('người tố cáo (danh tính được giữ bí mật)')) : ctx;
  recordAudit(auditCtx, { action: 'ticket.open', entity: 'ticket', entityId: row.id, after: { code: row.code, kind: row.kind, dueAt } });
  return { ticket: row, messageId };
}

/** What the person writes next on an open ticket joins its thread. Returns the message id. */
export function addCitizenMessage(ctx: Ctx, ticketId: number, text: string): number {
  const ticket = ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
  if (!ticket) throw notFound('ticket', ticketId);
  if (ticket.status === 'closed') throw conflict(`ticket ${ticket.code} is closed`, 'status');
  const id = insertMessage(ctx, ticketId, 'citizen', cleanBody(text));
  // A new word from the person after an answer needs someone to look again.
  const status: TicketStatus = ticket.status === 'answered' ? (ticket.assigneeId ? 'assigned' : 'new') : ticket.status;
  ctx.db.update(tickets).set({ status, updatedAt: ctx.clock.now() }).where(eq(tickets.id, ticketId)).run();
  return id;
}

/**
 * The Department's answer: recorded on the ticket with who wrote it, and sent to the person's
 * chat through the outbox in the same transaction; what they write next joins this ticket.
 */
export function replyToTicket(ctx: Ctx, ticketId: number, input: { text: string }): TicketMessage {
  const body = cleanBody(input.text);
  return ctx.db.transaction(() => {
    const ticket = ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
    if (!ticket) throw notFound('ticket', ticketId);
    if (ticket.status === 'closed') throw conflict(`ticket ${ticket.code} is closed; the person can open a new one`, 'status');
    const person = ticket.contactId === null ? undefined : ctx.db.select().from(contacts).where(eq(contacts.id, ticket.contactId)).get();
    if (!person || !person.chatId) throw conflict(`ticket ${ticket.code}: the person asked for their data to be deleted and cannot be reached`, 'contact');
    const now = ctx.clock.now();
    const id = insertMessage(ctx, ticketId, 'staff', body);
    ctx.db.update(tickets).set({ status: 'answered', updatedAt: now }).where(eq(tickets.id, ticketId)).run();
    enqueueMessage(ctx.db, now, {
      dedupeKey: `ticket:${ticketId}:reply:${id}`,
      channel: person.channel,
      chatId: person.chatId,
      contactId: person.id,
      lane: 'reply',
      message: { text: TICKET_TEXTS.staffReply(ticket.code, body) },
    });
    enterTicketThread(ctx.db, { channel: person.channel, chatId: person.chatId, contactId: person.id, ticketId }, now);
    recordAudit(ctx, { action: 'ticket.reply', entity: 'ticket', entityId: ticketId, after: { messageId: id, status: 'answered' } });
    return { id, author: 'staff', authorLabel: ctx.actor.label, staffUserId: ctx.actor.type === 'staff_user' ? ctx.actor.id : null, body, createdAt: now };
  });
}

export function assignTicket(ctx: Ctx, ticketId: number, input: { staffUserId: number | null }): void {
  ctx.db.transaction(() => {
    const ticket = ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
    if (!ticket) throw notFound('ticket', ticketId);
    if (ticket.status === 'closed') throw conflict(`ticket ${ticket.code} is closed`, 'status');
    if (input.staffUserId !== null) {
      const user = ctx.db.select().from(staffUsers).where(eq(staffUsers.id, input.staffUserId)).get();
      if (!user || !user.active) throw invalid(`staffUserId: no active staff user ${input.staffUserId}`, 'staffUserId');
    }
    const status: TicketStatus = input.staffUserId !== null && ticket.status === 'new' ? 'assigned' : ticket.status;
    ctx.db.update(tickets).set({ assigneeId: input.staffUserId, status, updatedAt: ctx.clock.now() }).where(eq(tickets.id, ticketId)).run();
    recordAudit(ctx, { action: 'ticket.assign', entity: 'ticket', entityId: ticketId, before: { assigneeId: ticket.assigneeId }, after: { assigneeId: input.staffUserId, status } });
  });
}

/** Closes the ticket and tells the person; a note is kept on the thread (not sent). */
export function closeTicket(ctx: Ctx, ticketId: number, input: { note?: string } = {}): TicketRow {
  return ctx.db.transaction(() => {
    const ticket = ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
    if (!ticket) throw notFound('ticket', ticketId);
    if (ticket.status === 'closed') throw conflict(`ticket ${ticket.code} is already closed`, 'status');
    const now = ctx.clock.now();
    if (input.note?.trim()) insertMessage(ctx, ticketId, 'system', `${ctx.actor.label}: ${cleanBody(input.note)}`);
    const after = ctx.db.update(tickets).set({ status: 'closed', closedAt: now, updatedAt: now }).where(eq(tickets.id, ticketId)).returning().get()!;
    const person = ticket.contactId === null ? undefined : ctx.db.select().from(contacts).where(eq(contacts.id, ticket.contactId)).get();
    if (person?.chatId) {
      enqueueMessage(ctx.db, now, {
        dedupeKey: `ticket:${ticketId}:closed`,
        channel: person.channel,
        chatId: person.chatId,
        contactId: person.id,
        lane: 'reply',
        message: { text: TICKET_TEXTS.closed(ticket.code) },
      });
    }
    recordAudit(ctx, { action: 'ticket.close', entity: 'ticket', entityId: ticketId, before: { status: ticket.status }, after: { status: 'closed' } });
    return after;
  });
}

/** Staff's internal note on the thread: kept for colleagues, never sent to the person. */
export function addTicketNote(ctx: Ctx, ticketId: number, input: { text: string }): number {
  const body = cleanBody(input.text);
  return ctx.db.transaction(() => {
    const ticket = ctx.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticketId)).get();
    if (!ticket) throw notFound('ticket', ticketId);
    const id = insertMessage(ctx, ticketId, 'note', body);
    ctx.db.update(tickets).set({ updatedAt: ctx.clock.now() }).where(eq(tickets.id, ticketId)).run();
    recordAudit(ctx, { action: 'ticket.note', entity: 'ticket', entityId: ticketId, after: { messageId: id } });
    return id;
  });
}

/** A closed ticket back to work (to its assignee, if any); the person is not messaged until staff reply. */
export function reopenTicket(ctx: Ctx, ticketId: number): TicketRow {
  return ctx.db.transaction(() => {
    const ticket = ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
    if (!ticket) throw notFound('ticket', ticketId);
    if (ticket.status !== 'closed') throw conflict(`ticket ${ticket.code} is not closed`, 'status');
    const status: TicketStatus = ticket.assigneeId ? 'assigned' : 'new';
    const after = ctx.db.update(tickets).set({ status, closedAt: null, updatedAt: ctx.clock.now() }).where(eq(tickets.id, ticketId)).returning().get()!;
    recordAudit(ctx, { action: 'ticket.reopen', entity: 'ticket', entityId: ticketId, before: { status: 'closed' }, after: { status } });
    return after;
  });
}

export type TicketQuery = { status?: TicketStatus; kind?: TicketKind; overdue?: boolean; limit: number; offset: number };

function overdueCondition(now: Date): SQL {
  return and(
    ne(tickets.status, 'closed'),
    or(lt(tickets.dueAt, now), and(eq(tickets.status, 'new'), isNotNull(tickets.ackDueAt), lt(tickets.ackDueAt, now))),
  )!;
}

function isOverdue(t: TicketRow, now: Date): boolean {
  if (t.status === 'closed') return false;
  return (t.dueAt !== null && t.dueAt < now) || (t.status === 'new' && t.ackDueAt !== null && t.ackDueAt < now);
}

function summaries(ctx: Ctx, rows: TicketRow[]): TicketSummary[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const firsts = ctx.db
    .select({ ticketId: ticketMessages.ticketId, body: ticketMessages.body, n: sql<number>`count(*) over (partition by ${ticketMessages.ticketId})`, rank: sql<number>`row_number() over (partition by ${ticketMessages.ticketId} order by ${ticketMessages.id})` })
    .from(ticketMessages)
    .where(and(inArray(ticketMessages.ticketId, ids), ne(ticketMessages.author, 'note')))
    .all()
    .filter((m) => m.rank === 1);
  const assignees = new Map(
    ctx.db.select({ id: staffUsers.id, name: staffUsers.displayName }).from(staffUsers).all().map((u) => [u.id, u.name]),
  );
  const now = ctx.clock.now();
  return rows.map((r) => {
    const first = firsts.find((f) => f.ticketId === r.id);
    const firstMessage = r.kind === 'denunciation' ? WITHHELD_TEXT : (first?.body ?? '');
    return { ...r, firstMessage, messageCount: Number(first?.n ?? 0), overdue: isOverdue(r, now), assigneeName: r.assigneeId ? (assignees.get(r.assigneeId) ?? null) : null };
  });
}

/**
 * Newest first. Lists never carry the person, nor a denunciation's text: only GET one ticket
 * does, to the roles that may see them.
 */
export function listTickets(ctx: Ctx, q: TicketQuery): { items: TicketSummary[]; total: number } {
  const where: SQL[] = [];
  if (q.status) where.push(eq(tickets.status, q.status));
  if (q.kind) where.push(eq(tickets.kind, q.kind));
  if (q.overdue !== undefined) {
    const cond = overdueCondition(ctx.clock.now());
    where.push(q.overdue ? cond : sql`NOT (${cond})`);
  }
  const condition = where.length ? and(...where) : undefined;
  const rows = ctx.db.select().from(tickets).where(condition).orderBy(desc(tickets.id)).limit(q.limit).offset(q.offset).all();
  const total = ctx.db.select({ n: count() }).from(tickets).where(condition).get()?.n ?? 0;
  return { items: summaries(ctx, rows), total };
}

export function getTicket(ctx: Ctx, id: number): TicketDetail {
  const row = ctx.db.select().from(tickets).where(eq(tickets.id, id)).get();
  if (!row) throw notFound('ticket', id);
  const messages = ctx.db
    .select({ id: ticketMessages.id, author: ticketMessages.author, authorLabel: ticketMessages.authorLabel, staffUserId: ticketMessages.staffUserId, body: ticketMessages.body, createdAt: ticketMessages.createdAt })
    .from(ticketMessages)
    .where(eq(ticketMessages.ticketId, id))
    .orderBy(asc(ticketMessages.id))
    .all();
  const identify = mayIdentify(ctx.actor, row.kind);
  if (row.kind === 'denunciation' && !identify) {
    for (const m of messages) if (m.author === 'citizen') m.body = WITHHELD_TEXT;
  }
  let requester: Requester | null = null;
  if (row.contactId !== null && identify) {
    const c = ctx.db.select().from(contacts).where(eq(contacts.id, row.contactId)).get();
    if (c) requester = { contactId: c.id, displayName: c.displayName, channel: c.channel, platformUserId: c.platformUserId, chatId: c.chatId };
  }
  const summary = summaries(ctx, [row])[0]!;
  // The admin role reads a denunciation in full; lists never show it.
  const firstMessage = row.kind === 'denunciation' && identify ? (messages[0]?.body ?? '') : summary.firstMessage;
  return { ...summary, firstMessage, messages, requester };
}

/** /tracuu: the ticket with this code, only when it belongs to this person (a stranger learns nothing). */
export function findOwnTicket(ctx: Ctx, code: string, contactId: number): TicketSummary | undefined {
  const row = ctx.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.code, code.trim().toUpperCase()), eq(tickets.contactId, contactId)))
    .get();
  return row ? summaries(ctx, [row])[0] : undefined;
}

export function findTicketRow(ctx: Ctx, id: number): TicketRow | undefined {
  return ctx.db.select().from(tickets).where(eq(tickets.id, id)).get();
}

export function ticketByCode(ctx: Ctx, code: string): TicketRow | undefined {
  return ctx.db.select().from(tickets).where(eq(tickets.code, code.trim().toUpperCase())).get();
}
