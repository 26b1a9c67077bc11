import { and, asc, count, eq } from 'drizzle-orm';
import { contacts, subscriptions } from '../db/schema/index.js';
import type { Ctx } from './context.js';
import { invalid, notFound } from '../core/errors.js';

/**
 * Announcement topics a citizen follows (opt-in: broadcasts reach citizens only through
 * a subscription). The bot-side flow that lets citizens choose topics comes later; for now
 * these verbs are what that flow, the API and tests call.
 */
export const TOPIC_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Topics the Department starts with; any other key matching TOPIC_PATTERN is accepted too. */
export const DEFAULT_TOPICS: { key: string; label: string }[] = [
  { key: 'thong-bao-chung', label: 'Thông báo chung của Sở' },
  { key: 'tuyen-sinh', label: 'Tuyển sinh' },
  { key: 'thi-cu', label: 'Thi cử' },
  { key: 'hoc-phi', label: 'Học phí, miễn giảm' },
];

function checkTopic(topic: string): string {
  const t = topic.trim();
  if (!TOPIC_PATTERN.test(t)) throw invalid(`topic: "${topic}" is not a topic key (a-z, 0-9, - and _)`, 'topic');
  return t;
}

function requireContact(ctx: Ctx, contactId: number): void {
  if (!ctx.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId)).get()) throw notFound('contact', contactId);
}

/** Idempotent: subscribing twice keeps one row. Returns whether a row was added. */
export function subscribe(ctx: Ctx, input: { contactId: number; topic: string }): boolean {
  const topic = checkTopic(input.topic);
  requireContact(ctx, input.contactId);
  const res = ctx.db
    .insert(subscriptions)
    .values({ contactId: input.contactId, topic, createdAt: ctx.clock.now() })
    .onConflictDoNothing()
    .run();
  return res.changes > 0;
}

/** Returns whether a subscription was removed. */
export function unsubscribe(ctx: Ctx, input: { contactId: number; topic: string }): boolean {
  const topic = checkTopic(input.topic);
  const res = ctx.db
    .delete(subscriptions)
    .where(and(eq(subscriptions.contactId, input.contactId), eq(subscriptions.topic, topic)))
    .run();
  return res.changes > 0;
}

export function topicsOf(ctx: Ctx, contactId: number): string[] {
  return ctx.db
    .select({ topic: subscriptions.topic })
    .from(subscriptions)
    .where(eq(subscriptions.contactId, contactId))
    .orderBy(asc(subscriptions.topic))
    .all()
    .map((r) => r.topic);
}

/** Every topic anyone follows, with its number of subscribers. */
export function listTopics(ctx: Ctx): { topic: string; subscribers: number }[] {
  return ctx.db
    .select({ topic: subscriptions.topic, subscribers: count() })
    .from(subscriptions)
    .groupBy(subscriptions.topic)
    .orderBy(asc(subscriptions.topic))
    .all();
}
