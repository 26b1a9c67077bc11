import { sqliteTable, integer, text, index, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { createdAt, flag, updatedAt } from './columns.js';

/** Unit kinds are data: a Department adds its 2026 kinds without a release. */
export const unitKinds = sqliteTable('unit_kinds', {
  key: text('key').primaryKey(),
  label: text('label').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: createdAt(),
});

export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** Lower-cased, diacritics-free copy of code + name for text search. */
    searchText: text('search_text').notNull(),
    kind: text('kind')
      .notNull()
      .references(() => unitKinds.key),
    parentId: integer('parent_id').references((): AnySQLiteColumn => units.id),
    area: text('area'),
    active: flag('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('units_kind_idx').on(t.kind), index('units_parent_idx').on(t.parentId)],
);
