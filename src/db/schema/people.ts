import { CHANNELS } from '../../core/messages.js';
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, flag, instant, updatedAt } from './columns.js';
import { units } from './units.js';

export const staffUsers = sqliteTable('staff_users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  role: text('role', { enum: ['admin', 'staff', 'viewer'] }).notNull(),
  /** scrypt hash for the dashboard sign-in; null until a password is set. */
  passwordHash: text('password_hash'),
  active: flag('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /** sha256 of the token; the token itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  /** First characters, so staff can tell tokens apart in lists. */
  tokenPrefix: text('token_prefix').notNull(),
  role: text('role', { enum: ['admin', 'staff', 'viewer'] }).notNull(),
  staffUserId: integer('staff_user_id').references(() => staffUsers.id),
  expiresAt: instant('expires_at'),
  lastUsedAt: instant('last_used_at'),
  revokedAt: instant('revoked_at'),
  createdAt: createdAt(),
});

/** A person on a channel: a unit's contact, a citizen, or a staff member's chat. */
export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    platformUserId: text('platform_user_id').notNull(),
    chatId: text('chat_id').notNull(),
    displayName: text('display_name').notNull().default(''),
    role: text('role', { enum: ['unit_contact', 'citizen', 'staff'] }).notNull(),
    unitId: integer('unit_id').references(() => units.id),
    staffUserId: integer('staff_user_id').references(() => staffUsers.id),
    status: text('status', { enum: ['active', 'blocked', 'revoked'] }).notNull().default('active'),
    consentAt: instant('consent_at'),
    lastSeenAt: instant('last_seen_at'),
    blockedAt: instant('blocked_at'),
    revokedAt: instant('revoked_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('contacts_channel_user_uq').on(t.channel, t.platformUserId),
    index('contacts_unit_idx').on(t.unitId),
    index('contacts_role_status_idx').on(t.role, t.status),
  ],
);

export const invites = sqliteTable(
  'invites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    role: text('role', { enum: ['unit_contact', 'staff'] }).notNull(),
    unitId: integer('unit_id').references(() => units.id),
    staffUserId: integer('staff_user_id').references(() => staffUsers.id),
    note: text('note'),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    usedByContactId: integer('used_by_contact_id').references(() => contacts.id),
    revokedAt: instant('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('invites_unit_idx').on(t.unitId)],
);

/** Announcement topics a citizen chose to follow. */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id),
    topic: text('topic').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('subscriptions_uq').on(t.contactId, t.topic)],
);
