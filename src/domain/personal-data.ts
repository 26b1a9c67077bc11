import { and, eq, inArray, or } from 'drizzle-orm';
import { forgetChatUpdates } from '../conversation/inbound-store.js';
import { sessionKey } from '../conversation/session.js';
import { contacts, faqFeedback, sessions, subscriptions, ticketMessages, tickets, timelineMessages } from '../db/schema/index.js';
import { forgetContactMessages } from '../outbox/forget.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { notFound } from '../core/errors.js';

export const ERASED_TEXT = '[đã xóa theo yêu cầu của người gửi]';

export type ErasureResult = {
  /** Open complaints and denunciations the law requires to keep, with the person, until closed. */
  keptTickets: string[];
  /** True when the contact itself was anonymised (nothing had to be kept). */
  anonymised: boolean;
};

/**
 * The person asked for deletion (Luật Bảo vệ dữ liệu cá nhân, NĐ 13/2023): their messages,
 * timeline, subscriptions, questions and feedback go; tickets they sent lose their text and
 * their link to them, except open complaints and denunciations, which the law requires to keep
 * until they are settled. With nothing to keep, the contact is anonymised. Call in one transaction.
 */
export function erasePersonalData(ctx: Ctx, contactId: number): ErasureResult {
  return ctx.db.transaction(() => {
    const contact = ctx.db.select().from(contacts).where(eq(contacts.id, contactId)).get();
    if (!contact) throw notFound('contact', contactId);
    const mine = ctx.db.select().from(tickets).where(eq(tickets.contactId, contactId)).all();
    const kept = mine.filter((t) => (t.kind === 'complaint' || t.kind === 'denunciation') && t.status !== 'closed');
    const released = mine.filter((t) => !kept.includes(t)).map((t) => t.id);
    if (released.length) {
      ctx.db
        .update(ticketMessages)
        .set({ body: ERASED_TEXT })
        .where(and(inArray(ticketMessages.ticketId, released), eq(ticketMessages.author, 'citizen')))
        .run();
      ctx.db.update(tickets).set({ contactId: null, subject: ERASED_TEXT, updatedAt: ctx.clock.now() }).where(inArray(tickets.id, released)).run();
    }
    ctx.db.delete(faqFeedback).where(eq(faqFeedback.contactId, contactId)).run();
    ctx.db.delete(subscriptions).where(eq(subscriptions.contactId, contactId)).run();
    ctx.db.delete(timelineMessages).where(eq(timelineMessages.contactId, contactId)).run();
    ctx.db.delete(sessions).where(or(eq(sessions.contactId, contactId), eq(sessions.key, sessionKey(contact.channel, contact.chatId)))).run();
    forgetContactMessages(ctx.db, contactId);
    forgetChatUpdates(ctx.db, contact.channel, contact.chatId);
    const anonymised = kept.length === 0;
    if (anonymised) {
      ctx.db
        .update(contacts)
        .set({ platformUserId: `erased:${contactId}`, chatId: '', displayName: '', status: 'revoked', revokedAt: ctx.clock.now(), updatedAt: ctx.clock.now() })
        .where(eq(contacts.id, contactId))
        .run();
    }
    // Counts only: the audit log outlives the deletion and must not hold what was deleted.
    recordAudit(ctx, { action: 'contact.erase', entity: 'contact', entityId: contactId, after: { anonymised, keptTickets: kept.length, releasedTickets: released.length } });
    return { keptTickets: kept.map((t) => t.code), anonymised };
  });
}
