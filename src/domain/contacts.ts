import { and, count, desc, eq, getTableColumns, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { contacts, units } from '../db/schema/index.js';
import { foldVietnamese } from '../lib/text.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { conflict, notFound } from '../core/errors.js';
import { contactVisibility, hiddenContactCondition } from './contact-privacy.js';

export type Contact = typeof contacts.$inferSelect;
export type ContactChannel = Contact['channel'];
export type ContactRole = Contact['role'];
export type ContactStatus = Contact['status'];
export type UnitSummary = { id: number; code: string; name: string; active: boolean };
export type ContactWithUnit = Contact & { unit: UnitSummary | null };

export type PlatformUser = { channel: ContactChannel; platformUserId: string; chatId: string; displayName: string };

export type ContactQuery = {
  unitId?: number;
  role?: ContactRole;
  channel?: ContactChannel;
  status?: ContactStatus;
  /** Matches the name (with or without diacritics), the platform user id, or the unit's code/name. */
  q?: string;
  limit: number;
  offset: number;
};

const withFold = new WeakSet<object>();
/** SQLite cannot strip Vietnamese diacritics; teach this connection our fold once. */
function registerFold(db: Db): void {
  if (withFold.has(db.$client)) return;
  db.$client.function('fold_vn', { deterministic: true }, (s: unknown) => foldVietnamese(String(s ?? '')));
  withFold.add(db.$client);
}

const unitSummaryColumns = { unitCode: units.code, unitName: units.name, unitActive: units.active };

function attachUnit(row: Contact & { unitCode: string | null; unitName: string | null; unitActive: boolean | null }): ContactWithUnit {
  const { unitCode, unitName, unitActive, ...contact } = row;
  const unit =
    contact.unitId !== null && unitCode !== null
      ? { id: contact.unitId, code: unitCode, name: unitName ?? '', active: unitActive ?? false }
      : null;
  return { ...contact, unit };
}

/**
 * Contacts the actor may see: the viewer role sees no citizen, and only the admin role sees
 * anyone who sent a denunciation (their name beside the ticket's time would identify them).
 */
export function listContacts(ctx: Ctx, q: ContactQuery): { items: ContactWithUnit[]; total: number } {
  const where: SQL[] = [];
  const hidden = hiddenContactCondition(contactVisibility(ctx.actor));
  if (hidden) where.push(sql`NOT (${hidden})`);
  if (q.unitId !== undefined) where.push(eq(contacts.unitId, q.unitId));
  if (q.role) where.push(eq(contacts.role, q.role));
  if (q.channel) where.push(eq(contacts.channel, q.channel));
  if (q.status) where.push(eq(contacts.status, q.status));
  const needle = q.q ? foldVietnamese(q.q) : '';
  if (needle) {
    registerFold(ctx.db);
    where.push(
      or(
        sql`instr(fold_vn(${contacts.displayName}), ${needle}) > 0`,
        eq(contacts.platformUserId, q.q!.trim()),
        sql`instr(${units.searchText}, ${needle}) > 0`,
      )!,
    );
  }
  const condition = where.length ? and(...where) : undefined;
  const rows = ctx.db
    .select({ ...getTableColumns(contacts), ...unitSummaryColumns })
    .from(contacts)
    .leftJoin(units, eq(units.id, contacts.unitId))
    .where(condition)
    .orderBy(desc(contacts.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  const total =
    ctx.db.select({ n: count() }).from(contacts).leftJoin(units, eq(units.id, contacts.unitId)).where(condition).get()?.n ?? 0;
  return { items: rows.map(attachUnit), total };
}

export function getContact(ctx: Ctx, id: number): ContactWithUnit {
  const row = ctx.db
    .select({ ...getTableColumns(contacts), ...unitSummaryColumns })
    .from(contacts)
    .leftJoin(units, eq(units.id, contacts.unitId))
    .where(eq(contacts.id, id))
    .get();
  if (!row) throw notFound('contact', id);
  return attachUnit(row);
}

/** One contact as the actor may see it: a contact hidden from them (see listContacts) is not found. */
export function viewContact(ctx: Ctx, id: number): ContactWithUnit {
  const hidden = hiddenContactCondition(contactVisibility(ctx.actor));
  if (hidden && ctx.db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.id, id), hidden)).get()) throw notFound('contact', id);
  return getContact(ctx, id);
}

/** Staff cut a person off: the bot stops sending to them until they link again with a fresh code. */
export function revokeContact(ctx: Ctx, id: number, input: { reason?: string } = {}): ContactWithUnit {
  ctx.db.transaction(() => {
    const before = ctx.db.select().from(contacts).where(eq(contacts.id, id)).get();
    if (!before) throw notFound('contact', id);
    if (before.status === 'revoked') throw conflict(`contact ${id} is already revoked`, 'status');
    const now = ctx.clock.now();
    const after = ctx.db
      .update(contacts)
      .set({ status: 'revoked', revokedAt: now, updatedAt: now })
      .where(eq(contacts.id, id))
      .returning()
      .get()!;
    recordAudit(ctx, {
      action: 'contact.revoke',
      entity: 'contact',
      entityId: id,
      before,
      after: { ...after, reason: input.reason ?? null },
    });
  });
  return getContact(ctx, id);
}

const byPlatformUser = preparedFor((db) =>
  db
    .select()
    .from(contacts)
    .where(and(eq(contacts.channel, sql.placeholder('channel')), eq(contacts.platformUserId, sql.placeholder('platformUserId'))))
    .prepare(),
);

/** Every inbound update starts here: prepared once per database. */
export function findContactByPlatformUser(db: Db, channel: ContactChannel, platformUserId: string): Contact | undefined {
  return byPlatformUser(db).get({ channel, platformUserId });
}

const newCitizen = preparedFor((db) => {
  const p = (name: string) => sql.placeholder(name);
  return db
    .insert(contacts)
    .values({
      channel: p('channel'),
      platformUserId: p('platformUserId'),
      chatId: p('chatId'),
      displayName: p('displayName'),
      role: 'citizen',
      status: 'active',
      lastSeenAt: p('now'),
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .returning()
    .prepare();
});

/**
 * The contact for someone who wrote to the bot: the existing row (whatever its role), or a
 * new citizen. Keeps chat id and name fresh, since people rename themselves. Synchronous, so
 * nothing can come between the look-up and the write.
 */
export function ensureCitizenContact(ctx: Ctx, who: PlatformUser): Contact {
  const existing = findContactByPlatformUser(ctx.db, who.channel, who.platformUserId);
  const now = ctx.clock.now();
  if (!existing) return newCitizen(ctx.db).get({ ...who, now })!;
  if (existing.chatId === who.chatId && existing.displayName === who.displayName) return existing;
  return ctx.db
    .update(contacts)
    .set({ chatId: who.chatId, displayName: who.displayName, updatedAt: now })
    .where(eq(contacts.id, existing.id))
    .returning()
    .get()!;
}

/**
 * Links a chat account to a unit (or a staff user): creates the contact or turns the existing
 * one (citizen, revoked, another unit's) into an active, consenting contact. Call inside the
 * caller's transaction; returns the row before (if any) and after.
 */
export function linkContact(
  ctx: Ctx,
  who: PlatformUser,
  link: { role: 'unit_contact' | 'staff'; unitId: number | null; staffUserId: number | null },
): { before: Contact | undefined; after: Contact } {
  const now = ctx.clock.now();
  const before = findContactByPlatformUser(ctx.db, who.channel, who.platformUserId);
  const fields = {
    chatId: who.chatId,
    displayName: who.displayName,
    role: link.role,
    unitId: link.unitId,
    staffUserId: link.staffUserId,
    status: 'active' as const,
    consentAt: now,
    lastSeenAt: now,
    blockedAt: null,
    revokedAt: null,
    updatedAt: now,
  };
  const after = before
    ? ctx.db.update(contacts).set(fields).where(eq(contacts.id, before.id)).returning().get()!
    : ctx.db
        .insert(contacts)
        .values({ ...fields, channel: who.channel, platformUserId: who.platformUserId, createdAt: now })
        .returning()
        .get();
  return { before, after };
}

/** The platform said this person blocked the bot (403): stop sending until they write again. */
export function markContactBlocked(ctx: Ctx, contactId: number): Contact | undefined {
  return ctx.db.transaction(() => {
    const before = ctx.db.select().from(contacts).where(eq(contacts.id, contactId)).get();
    if (!before || before.status !== 'active') return before;
    const now = ctx.clock.now();
    const after = ctx.db
      .update(contacts)
      .set({ status: 'blocked', blockedAt: now, updatedAt: now })
      .where(eq(contacts.id, contactId))
      .returning()
      .get()!;
    recordAudit(ctx, { action: 'contact.block', entity: 'contact', entityId: contactId, before, after });
    return after;
  });
}

/** They wrote to us: note when, and a blocked contact is reachable again. A revoked one stays revoked. */
export function touchContact(ctx: Ctx, contactId: number): Contact | undefined {
  const now = ctx.clock.now();
  const current = ctx.db.select({ status: contacts.status }).from(contacts).where(eq(contacts.id, contactId)).get();
  if (!current) return undefined;
  const unblock = current.status === 'blocked' ? { status: 'active' as const, blockedAt: null, updatedAt: now } : {};
  return ctx.db
    .update(contacts)
    .set({ lastSeenAt: now, ...unblock })
    .where(eq(contacts.id, contactId))
    .returning()
    .get();
}
