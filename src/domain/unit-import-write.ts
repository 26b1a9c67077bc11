import type Database from 'better-sqlite3';
import { yieldToLoop, type TimeSlicer } from '../lib/time-slicer.js';
import { actorId, type Ctx } from './context.js';
import { conflict } from '../core/errors.js';
import type { Candidate, Plan } from './unit-import-plan.js';
import { unitSearchText } from './unit-search.js';
import type { Unit } from './units.js';

export type Counts = { created: number; updated: number; unchanged: number };

const UNIT_COLUMNS = ['id', 'code', 'name', 'search_text', 'kind', 'parent_id', 'area', 'active', 'created_at', 'updated_at'];
const AUDIT_COLUMNS = ['at', 'actor_type', 'actor_id', 'actor_label', 'action', 'entity', 'entity_id', 'before', 'after'];

/** Rows written per transaction: a few tens of ms, so other requests are never kept waiting long. */
export const WRITE_SLICE_ROWS = 250;

type Change = { row: Candidate; before: Unit | undefined };

/** What the plan changes, in an order where every parent created by the file comes before its children. */
export async function changesOf(plan: Plan, slicer: TimeSlicer): Promise<{ changes: Change[]; counts: Counts }> {
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
  const changes: Change[] = [];
  for (const r of writeOrder(plan)) {
    await slicer.maybeYield();
    const before = plan.existing.get(r.code);
    if (!before) {
      counts.created++;
      changes.push({ row: r, before });
      continue;
    }
    const parentId = r.parentCode === undefined ? before.parentId : r.parentCode === null ? null : (plan.existing.get(r.parentCode)?.id ?? -1);
    const area = r.area === undefined ? before.area : r.area;
    const active = r.active === undefined ? before.active : r.active;
    if (before.name === r.name && before.kind === r.kind && before.parentId === parentId && before.area === area && before.active === active) {
      counts.unchanged++;
    } else {
      counts.updated++;
      changes.push({ row: r, before });
    }
  }
  return { changes, counts };
}

/**
 * Writes a checked plan in slices of WRITE_SLICE_ROWS, one transaction each, yielding between
 * them. New units get their ids inside their slice's transaction. Each slice first checks that
 * nobody changed its units since the plan was made (a code taken, a unit edited); if someone did,
 * it stops with a conflict saying how many were written; importing the file again finishes the
 * job, since an import only creates what is missing and updates what differs.
 */
export async function writeInSlices(ctx: Ctx, plan: Plan, changes: Change[], onLastSlice: () => void): Promise<void> {
  const sqlite = ctx.db.$client;
  const ids = new Map<string, number>();
  for (const [code, u] of plan.existing) ids.set(code, u.id);
  const who = [ctx.actor.type, actorId(ctx.actor), ctx.actor.label] as const;
  const update = sqlite.prepare(
    'UPDATE units SET name = ?, search_text = ?, kind = ?, parent_id = ?, area = ?, active = ?, updated_at = ? WHERE id = ?',
  );
  // A multi-row INSERT of a slice takes longer to prepare than to run: prepared once per import.
  const statements = new Map<string, Database.Statement>();
  let written = 0;
  for (let start = 0; start < changes.length || start === 0; start += WRITE_SLICE_ROWS) {
    const slice = changes.slice(start, start + WRITE_SLICE_ROWS);
    const last = start + WRITE_SLICE_ROWS >= changes.length;
    ctx.db.transaction(
      () => {
        checkUnchanged(sqlite, slice, written);
        const now = ctx.clock.now();
        const at = +now;
        let nextId = nextUnitId(sqlite);
        const inserts: unknown[][] = [];
        const updates: unknown[][] = [];
        const audits: unknown[][] = [];
        for (const { row: r, before } of slice) {
          const parentId = r.parentCode === undefined ? (before?.parentId ?? null) : r.parentCode === null ? null : ids.get(r.parentCode)!;
          const area = r.area === undefined ? (before?.area ?? null) : r.area;
          const active = r.active === undefined ? (before?.active ?? true) : r.active;
          const searchText = unitSearchText(r.code, r.name);
          if (!before) {
            const id = nextId++;
            ids.set(r.code, id);
            const after: Unit = { id, code: r.code, name: r.name, searchText, kind: r.kind, parentId, area, active, createdAt: now, updatedAt: now };
            inserts.push([id, r.code, r.name, searchText, r.kind, parentId, area, active ? 1 : 0, at, at]);
            audits.push([at, ...who, 'unit.create', 'unit', String(id), null, JSON.stringify(after)]);
          } else {
            const after: Unit = { ...before, name: r.name, searchText, kind: r.kind, parentId, area, active, updatedAt: now };
            updates.push([after.name, searchText, after.kind, parentId, area, active ? 1 : 0, at, before.id]);
            audits.push([at, ...who, 'unit.update', 'unit', String(before.id), JSON.stringify(before), JSON.stringify(after)]);
          }
        }
        // New units first: an updated unit may move under one of them.
        insertMany(sqlite, 'units', UNIT_COLUMNS, inserts, statements);
        for (const u of updates) update.run(...u);
        insertMany(sqlite, 'audit_log', AUDIT_COLUMNS, audits, statements);
        if (last) onLastSlice();
      },
      { behavior: 'immediate' },
    );
    written += slice.length;
    if (!last) await yieldToLoop();
  }
}

/** Refuses a slice whose codes were taken, or whose units were edited, since the plan was made. */
function checkUnchanged(sqlite: Database.Database, slice: Change[], written: number): void {
  const changed = (code: string) =>
    conflict(
      `Đơn vị ${code} vừa được thay đổi trong lúc nhập tệp; ${written} đơn vị đã được ghi. Hãy tải lại tệp để nhập nốt.`,
      'file',
    );
  for (let i = 0; i < slice.length; i += 500) {
    const part = slice.slice(i, i + 500);
    const marks = part.map(() => '?').join(', ');
    const found = sqlite
      .prepare(`SELECT id, code, updated_at AS updatedAt FROM units WHERE code IN (${marks})`)
      .all(...part.map((c) => c.row.code)) as { id: number; code: string; updatedAt: number }[];
    const now = new Map(found.map((f) => [f.code, f]));
    for (const { row, before } of part) {
      const current = now.get(row.code);
      if (!before ? current !== undefined : current?.updatedAt !== before.updatedAt.getTime()) throw changed(row.code);
    }
  }
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
function insertMany(sqlite: Database.Database, table: string, columns: string[], rows: unknown[][], statements: Map<string, Database.Statement>): void {
  const perChunk = Math.max(1, Math.floor(4000 / columns.length));
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const key = `${table}:${chunk.length}`;
    let stmt = statements.get(key);
    if (!stmt) {
      stmt = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(chunk.length).fill(one).join(', ')}`);
      statements.set(key, stmt);
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
