import type Database from 'better-sqlite3';
import { actorId, type Ctx } from './context.js';
import type { Candidate, Plan } from './unit-import-plan.js';
import { unitSearchText } from './unit-search.js';
import type { Unit } from './units.js';

type Counts = { created: number; updated: number; unchanged: number };

const UNIT_COLUMNS = ['id', 'code', 'name', 'search_text', 'kind', 'parent_id', 'area', 'active', 'created_at', 'updated_at'];
const AUDIT_COLUMNS = ['at', 'actor_type', 'actor_id', 'actor_label', 'action', 'entity', 'entity_id', 'before', 'after'];

/**
 * Writes a checked plan (inside the caller's transaction). New units get their ids up front,
 * so parents, children and audit entries are known before anything is written, and rows go
 * in as multi-row INSERTs: a province's 5,000 units is a few dozen statements, not 10,000.
 */
export function applyPlan(ctx: Ctx, plan: Plan, dryRun: boolean): Counts {
  const sqlite = ctx.db.$client;
  const now = ctx.clock.now();
  const at = +now;
  const ids = new Map<string, number>();
  for (const [code, u] of plan.existing) ids.set(code, u.id);
  let nextId = nextUnitId(sqlite);

  const inserts: unknown[][] = [];
  const updates: unknown[][] = [];
  const audits: unknown[][] = [];
  const who = [ctx.actor.type, actorId(ctx.actor), ctx.actor.label] as const;
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };

  for (const r of writeOrder(plan)) {
    const before = plan.existing.get(r.code);
    const parentId = r.parentCode === undefined ? (before?.parentId ?? null) : r.parentCode === null ? null : ids.get(r.parentCode)!;
    const area = r.area === undefined ? (before?.area ?? null) : r.area;
    const active = r.active === undefined ? (before?.active ?? true) : r.active;

    if (!before) {
      counts.created++;
      const id = nextId++;
      ids.set(r.code, id);
      const after: Unit = {
        id,
        code: r.code,
        name: r.name,
        searchText: unitSearchText(r.code, r.name),
        kind: r.kind,
        parentId,
        area,
        active,
        createdAt: now,
        updatedAt: now,
      };
      inserts.push([id, r.code, r.name, after.searchText, r.kind, parentId, area, active ? 1 : 0, at, at]);
      audits.push([at, ...who, 'unit.create', 'unit', String(id), null, JSON.stringify(after)]);
      continue;
    }
    if (before.name === r.name && before.kind === r.kind && before.parentId === parentId && before.area === area && before.active === active) {
      counts.unchanged++;
      continue;
    }
    counts.updated++;
    const after: Unit = { ...before, name: r.name, searchText: unitSearchText(r.code, r.name), kind: r.kind, parentId, area, active, updatedAt: now };
    updates.push([after.name, after.searchText, after.kind, parentId, area, active ? 1 : 0, at, before.id]);
    audits.push([at, ...who, 'unit.update', 'unit', String(before.id), JSON.stringify(before), JSON.stringify(after)]);
  }

  if (dryRun) return counts;
  insertMany(sqlite, 'units', UNIT_COLUMNS, inserts);
  const update = sqlite.prepare(
    'UPDATE units SET name = ?, search_text = ?, kind = ?, parent_id = ?, area = ?, active = ?, updated_at = ? WHERE id = ?',
  );
  for (const u of updates) update.run(...u);
  insertMany(sqlite, 'audit_log', AUDIT_COLUMNS, audits);
  return counts;
}

/** The id SQLite's AUTOINCREMENT would give next; safe because the import holds the write lock. */
function nextUnitId(sqlite: Database.Database): number {
  const row = sqlite
    .prepare(
      `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'units'), 0),
                  coalesce((SELECT max(id) FROM units), 0)) AS last`,
    )
    .get() as { last: number };
  return row.last + 1;
}

/** Multi-row INSERTs in chunks well under SQLite's bound-parameter limit. */
function insertMany(sqlite: Database.Database, table: string, columns: string[], rows: unknown[][]): void {
  const perChunk = Math.max(1, Math.floor(4000 / columns.length));
  const statements = new Map<number, Database.Statement>();
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    let stmt = statements.get(chunk.length);
    if (!stmt) {
      stmt = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(chunk.length).fill(one).join(', ')}`);
      statements.set(chunk.length, stmt);
    }
    stmt.run(chunk.flat());
  }
}

/**
 * File order, except that a row whose parent is created by this file comes after that parent:
 * foreign keys are checked per statement, and a parent may sit in an earlier chunk.
 */
function writeOrder(plan: Plan): Candidate[] {
  const inFile = new Map(plan.rows.map((r) => [r.code, r]));
  const placed = new Set<string>();
  const order: Candidate[] = [];
  for (const r of plan.rows) {
    const chain: Candidate[] = [];
    let current: Candidate | undefined = r;
    while (current && !placed.has(current.code)) {
      placed.add(current.code);
      chain.push(current);
      const parent: string | null | undefined = current.parentCode;
      current = typeof parent === 'string' && !plan.existing.has(parent) ? inFile.get(parent) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) order.push(chain[i]!);
  }
  return order;
}
