import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { createdAt, instant } from './columns.js';
import { staffUsers } from './people.js';
import { requirements } from './plans.js';
import { units } from './units.js';

/** A signed-in dashboard browser. The cookie holds a random token; only its sha256 is kept. */
export const dashboardSessions = sqliteTable(
  'dashboard_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffUserId: integer('staff_user_id')
      .notNull()
      .references(() => staffUsers.id),
    /** Synchronizer token every state-changing form of this session carries. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at').notNull(),
  },
  (t) => [index('dashboard_sessions_user_idx').on(t.staffUserId)],
);

/** Failed sign-ins per key (a username or a client address): the lock-out grows with them. */
export const signInFailures = sqliteTable('sign_in_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailedAt: instant('last_failed_at').notNull(),
  lockedUntil: instant('locked_until'),
});

/** Gia hạn: one unit's own deadline for a requirement, set by staff with a reason. */
export const deadlineExtensions = sqliteTable(
  'deadline_extensions',
  {
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    dueAt: instant('due_at').notNull(),
    reason: text('reason').notNull(),
    staffUserId: integer('staff_user_id').references(() => staffUsers.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.requirementId, t.unitId] })],
);

/** "Nhắc ngay" pressed by staff: one row per unit reminded, so a second press within a minute sends nothing. */
export const manualReminders = sqliteTable(
  'manual_reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    sentAt: instant('sent_at').notNull(),
    recipients: integer('recipients').notNull(),
    staffUserId: integer('staff_user_id').references(() => staffUsers.id),
  },
  (t) => [index('manual_reminders_unit_idx').on(t.requirementId, t.unitId, t.sentAt)],
);
