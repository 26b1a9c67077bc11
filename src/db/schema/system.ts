import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';

/** Append-only, no foreign keys: it must outlive whatever it describes. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: instant('at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before', { mode: 'json' }).$type<unknown>(),
    after: text('after', { mode: 'json' }).$type<unknown>(),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId), index('audit_at_idx').on(t.at)],
);

/** One row per job run: guards against overlapping runs and records what each did. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
    status: text('status', { enum: ['running', 'ok', 'failed'] }).notNull(),
    trigger: text('trigger', { enum: ['cron', 'api', 'cli', 'startup'] }).notNull(),
    detail: text('detail', { mode: 'json' }).$type<unknown>(),
  },
  (t) => [index('job_runs_name_idx').on(t.name, t.startedAt)],
);
