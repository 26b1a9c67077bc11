import { CHANNELS } from '../../core/messages.js';
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, flag, instant, updatedAt } from './columns.js';
import { contacts, staffUsers } from './people.js';
import { files } from './plans.js';

/** Every platform update, stored before it is acknowledged; (channel, update id) dedupes redeliveries. */
export const inboundUpdates = sqliteTable(
  'inbound_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    updateId: text('update_id').notNull(),
    chatId: text('chat_id').notNull(),
    payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
    status: text('status', { enum: ['received', 'done', 'failed'] }).notNull().default('received'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    receivedAt: instant('received_at').notNull(),
    processedAt: instant('processed_at'),
  },
  (t) => [
    uniqueIndex('inbound_channel_update_uq').on(t.channel, t.updateId),
    // Only unprocessed updates are ever looked up by status: done ones leave the index.
    index('inbound_pending_idx').on(t.channel, t.chatId).where(sql`status = 'received'`),
  ],
);

/** Persisted conversation state per chat, so a restart mid-form loses nothing. */
export const sessions = sqliteTable('sessions', {
  key: text('key').primaryKey(),
  contactId: integer('contact_id').references(() => contacts.id),
  state: text('state', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: updatedAt(),
});

/**
 * On a channel without buttons, the choices of the last message delivered to a chat (by
 * session key), so a number or label typed back picks one, also after a restart.
 */
export const offeredChoices = sqliteTable('offered_choices', {
  key: text('key').primaryKey(),
  offered: text('offered', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: updatedAt(),
});

/** The contact's timeline: every message in and out, as the dashboard shows it. */
export const timelineMessages = sqliteTable(
  'timeline_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    text: text('text').notNull(),
    meta: text('meta', { mode: 'json' }).$type<Record<string, unknown>>(),
    inboundId: integer('inbound_id'),
    outboxId: integer('outbox_id'),
    createdAt: createdAt(),
  },
  (t) => [index('timeline_contact_idx').on(t.contactId, t.createdAt)],
);

/** The one way out: rows written with the change that caused them, delivered by the sender. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dedupeKey: text('dedupe_key').notNull().unique(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    chatId: text('chat_id').notNull(),
    contactId: integer('contact_id').references(() => contacts.id),
    /** reply lane goes before bulk lane. */
    lane: text('lane', { enum: ['reply', 'bulk'] }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'cancelled'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    claimedAt: instant('claimed_at'),
    sentAt: instant('sent_at'),
    failureReason: text('failure_reason', { enum: ['blocked', 'not_found', 'too_old', 'retry_limit', 'quota', 'window_closed', 'invalid'] }),
    lastError: text('last_error'),
    platformMessageId: text('platform_message_id'),
    broadcastId: integer('broadcast_id'),
    createdAt: createdAt(),
  },
  (t) => [
    // Only queued rows, by chat in queue order: the sender finds a chat's next message here,
    // and a sent row leaves the index.
    index('outbox_queue_idx').on(t.channel, t.chatId, t.lane, t.id).where(sql`status = 'queued'`),
    // The same rows by lane in queue order: the sender takes them in from here (src/outbox/intake.ts).
    index('outbox_lane_idx').on(t.channel, t.lane, t.id).where(sql`status = 'queued'`),
    // Replies (most rows) have no broadcast: keep them out of this index.
    index('outbox_broadcast_idx').on(t.broadcastId).where(sql`broadcast_id IS NOT NULL`),
  ],
);

/**
 * A question handed to staff, or feedback, a complaint or a denunciation a person sent. The
 * person is contact_id; for a denunciation that identity is shown to the admin role only.
 */
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** What the person quotes: HD-2026-000123 (kind prefix, year, number in the year). */
    code: text('code').notNull().unique(),
    kind: text('kind', { enum: ['question', 'feedback', 'complaint', 'denunciation'] }).notNull(),
    status: text('status', { enum: ['new', 'assigned', 'answered', 'closed'] }).notNull().default('new'),
    subject: text('subject').notNull(),
    contactId: integer('contact_id').references(() => contacts.id),
    assigneeId: integer('assignee_id').references(() => staffUsers.id),
    /** First legal step (a complaint's acceptance notice, a denunciation's intake); null when none. */
    ackDueAt: instant('ack_due_at'),
    dueAt: instant('due_at'),
    closedAt: instant('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('tickets_status_idx').on(t.status), index('tickets_contact_idx').on(t.contactId)],
);

export const ticketMessages = sqliteTable(
  'ticket_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    /** 'note': staff's internal note on the thread, never sent to the person. */
    author: text('author', { enum: ['citizen', 'staff', 'system', 'note'] }).notNull(),
    staffUserId: integer('staff_user_id').references(() => staffUsers.id),
    /** Who wrote a staff message: the staff user, the API token, or the staff group member. */
    authorLabel: text('author_label'),
    body: text('body').notNull(),
    fileId: integer('file_id').references(() => files.id),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_messages_ticket_idx').on(t.ticketId)],
);

/** Staff's saved replies for the inbox; fields like {tên} and {mã} are filled in per ticket. */
export const savedReplies = sqliteTable('saved_replies', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  body: text('body').notNull(),
  createdBy: text('created_by').notNull(),
  active: flag('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** The knowledge base: procedure answers staff keep; seeded from bot-flows/faq/*.yaml. */
export const faqEntries = sqliteTable('faq_entries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  category: text('category'),
  questionVariants: text('question_variants', { mode: 'json' }).$type<string[]>().notNull(),
  keywords: text('keywords', { mode: 'json' }).$type<string[]>().notNull(),
  answer: text('answer').notNull(),
  procedureCode: text('procedure_code'),
  legalBasis: text('legal_basis'),
  source: text('source'),
  lastReviewedOn: text('last_reviewed_on'),
  /** Shown to people; an unpublished entry is a draft staff are still reviewing. */
  published: flag('published').notNull().default(true),
  /** False once deleted: the row stays so feedback and the audit log keep their reference. */
  active: flag('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * What people made of the answers: 👍 / 👎 on an entry, and questions nothing answered
 * confidently. The 👎 and unanswered ones are the knowledge base's gaps list.
 */
export const faqFeedback = sqliteTable(
  'faq_feedback',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    verdict: text('verdict', { enum: ['helpful', 'not_helpful', 'no_answer'] }).notNull(),
    entryId: integer('entry_id').references(() => faqEntries.id),
    contactId: integer('contact_id').references(() => contacts.id),
    question: text('question').notNull(),
    /** The question folded and reduced to its meaningful words: what the gaps list groups by. */
    normalized: text('normalized').notNull(),
    /** Set when staff turned this gap into an entry or a question variant: it leaves the gaps list. */
    resolvedAt: instant('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [index('faq_feedback_verdict_idx').on(t.verdict, t.normalized), index('faq_feedback_contact_idx').on(t.contactId)],
);

export const broadcasts = sqliteTable('broadcasts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  text: text('text').notNull(),
  attachmentFileId: integer('attachment_file_id').references(() => files.id),
  audience: text('audience', { mode: 'json' }).$type<unknown>().notNull(),
  requireAck: flag('require_ack').notNull().default(false),
  scheduledAt: instant('scheduled_at'),
  status: text('status', { enum: ['scheduled', 'sending', 'sent', 'cancelled'] }).notNull(),
  createdBy: text('created_by').notNull(),
  startedAt: instant('started_at'),
  finishedAt: instant('finished_at'),
  cancelledAt: instant('cancelled_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const broadcastDeliveries = sqliteTable(
  'broadcast_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    broadcastId: integer('broadcast_id')
      .notNull()
      .references(() => broadcasts.id),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id),
    outboxId: integer('outbox_id').references(() => outbox.id),
    ackedAt: instant('acked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('broadcast_deliveries_uq').on(t.broadcastId, t.contactId)],
);

