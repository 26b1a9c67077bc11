import { CHANNELS } from '../../core/messages.js';
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, flag, instant, updatedAt } from './columns.js';
import { units } from './units.js';
import { contacts, staffUsers } from './people.js';

export const campaigns = sqliteTable('campaigns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  /** Số hiệu, e.g. "1234/KH-SGDĐT". */
  referenceNumber: text('reference_number'),
  /** Ngày ban hành as a calendar date (YYYY-MM-DD): a date, not an instant. */
  issuedOn: text('issued_on'),
  description: text('description').notNull().default(''),
  sourceDocument: text('source_document'),
  status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
  closedAt: instant('closed_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const requirements = sqliteTable(
  'requirements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    title: text('title').notNull(),
    kind: text('kind', { enum: ['plan', 'report'] }).notNull(),
    description: text('description').notNull().default(''),
    dueAt: instant('due_at').notNull(),
    /** Offsets relative to the due time, e.g. ["-7d","-3d","-1d","0d","+1d"]. */
    reminderOffsets: text('reminder_offsets', { mode: 'json' }).$type<string[]>().notNull(),
    /** After this offset past due, the parent unit's contacts get a summary; null = never. */
    escalateAfter: text('escalate_after'),
    formKey: text('form_key'),
    audienceKinds: text('audience_kinds', { mode: 'json' }).$type<string[]>().notNull(),
    audienceUnitIds: text('audience_unit_ids', { mode: 'json' }).$type<number[]>().notNull(),
    /** Bumped when due time, offsets or audience change, so reminders are re-planned. */
    scheduleVersion: integer('schedule_version').notNull().default(1),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    closedAt: instant('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('requirements_campaign_idx').on(t.campaignId), index('requirements_status_idx').on(t.status)],
);

/** Content-addressed: bytes live once under FILES_DIR by sha256; a row per arrival keeps its name. */
export const files = sqliteTable(
  'files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sha256: text('sha256').notNull(),
    originalName: text('original_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    source: text('source', { enum: [...CHANNELS, 'upload_link', 'api'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('files_sha_idx').on(t.sha256)],
);

export const submissions = sqliteTable(
  'submissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The receipt code a contact sees, e.g. "NB-7K3Q9M". */
    code: text('code').notNull().unique(),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    version: integer('version').notNull(),
    channel: text('channel', { enum: [...CHANNELS, 'upload_link', 'api'] }).notNull(),
    contactId: integer('contact_id').references(() => contacts.id),
    staffUserId: integer('staff_user_id').references(() => staffUsers.id),
    submittedAt: instant('submitted_at').notNull(),
    onTime: flag('on_time').notNull(),
    answers: text('answers', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    links: text('links', { mode: 'json' }).$type<string[]>().notNull(),
    note: text('note'),
    reviewState: text('review_state', { enum: ['received', 'accepted', 'returned'] }).notNull().default('received'),
    reviewReason: text('review_reason'),
    reviewedAt: instant('reviewed_at'),
    reviewedBy: integer('reviewed_by').references(() => staffUsers.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('submissions_version_uq').on(t.requirementId, t.unitId, t.version),
    index('submissions_unit_idx').on(t.unitId),
  ],
);

export const submissionFiles = sqliteTable(
  'submission_files',
  {
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id),
    fileId: integer('file_id')
      .notNull()
      .references(() => files.id),
  },
  (t) => [uniqueIndex('submission_files_uq').on(t.submissionId, t.fileId)],
);

/** Form definitions (YAML/JSON) added through the API; those in bot-flows/ load at start. */
export const forms = sqliteTable('forms', {
  key: text('key').primaryKey(),
  title: text('title').notNull(),
  definition: text('definition', { mode: 'json' }).$type<unknown>().notNull(),
  active: flag('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A personal, expiring link to upload a file for one unit and requirement. */
export const uploadLinks = sqliteTable('upload_links', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  unitId: integer('unit_id')
    .notNull()
    .references(() => units.id),
  requirementId: integer('requirement_id')
    .notNull()
    .references(() => requirements.id),
  contactId: integer('contact_id').references(() => contacts.id),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
  createdAt: createdAt(),
});

/**
 * An expiring public address of one stored image, for platforms that take images only by URL
 * (the Zalo Bot Platform's sendPhoto). Only the token's hash is kept.
 */
export const sharedImages = sqliteTable('shared_images', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  fileId: integer('file_id')
    .notNull()
    .references(() => files.id),
  expiresAt: instant('expires_at').notNull(),
  createdAt: createdAt(),
});

/** Planned reminders ("fires"): one row per requirement, unit and offset. */
export const reminderFires = sqliteTable(
  'reminder_fires',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    offset: text('offset').notNull(),
    scheduleVersion: integer('schedule_version').notNull(),
    fireAt: instant('fire_at').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'cancelled', 'skipped'] }).notNull().default('pending'),
    sentAt: instant('sent_at'),
    recipients: integer('recipients').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reminder_fires_uq').on(t.requirementId, t.unitId, t.offset, t.scheduleVersion),
    index('reminder_fires_due_idx').on(t.status, t.fireAt),
    // Covers "which offsets were already sent to which units" for the every-minute reminder tick.
    index('reminder_fires_sent_idx').on(t.requirementId, t.offset, t.status, t.unitId),
  ],
);

export const escalations = sqliteTable(
  'escalations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    parentUnitId: integer('parent_unit_id')
      .notNull()
      .references(() => units.id),
    sentAt: instant('sent_at').notNull(),
    lateUnitIds: text('late_unit_ids', { mode: 'json' }).$type<number[]>().notNull(),
  },
  (t) => [uniqueIndex('escalations_uq').on(t.requirementId, t.parentUnitId)],
);

