import type { Db } from '../../src/db/client.js';
import { contacts, unitKinds, units } from '../../src/db/schema/index.js';
import { foldVietnamese } from '../../src/lib/text.js';

/**
 * Direct inserts for tests and benchmarks that need units and contacts before the
 * units/contacts APIs are in play. They write the same columns those APIs write.
 */

const T0 = new Date('2026-01-01T00:00:00Z');

export type UnitFixture = {
  code: string;
  name: string;
  kind: string;
  parentId?: number | null;
  active?: boolean;
};

export function insertUnitKind(db: Db, key: string, label = key): void {
  db.insert(unitKinds).values({ key, label, sortOrder: 0, createdAt: T0 }).onConflictDoNothing().run();
}

export function insertUnit(db: Db, unit: UnitFixture): number {
  return insertUnits(db, [unit])[0]!;
}

/** Many units in one transaction; returns their ids in input order. */
export function insertUnits(db: Db, list: UnitFixture[]): number[] {
  return db.transaction(() =>
    list.map(
      (u) =>
        db
          .insert(units)
          .values({
            code: u.code,
            name: u.name,
            searchText: foldVietnamese(`${u.code} ${u.name}`),
            kind: u.kind,
            parentId: u.parentId ?? null,
            active: u.active ?? true,
            createdAt: T0,
            updatedAt: T0,
          })
          .returning({ id: units.id })
          .get().id,
    ),
  );
}

let contactSeq = 0;

/** A unit contact on Telegram (or `status` other than active to test counting). */
export function insertContact(
  db: Db,
  unitId: number,
  opts: { status?: 'active' | 'blocked' | 'revoked'; role?: 'unit_contact' | 'citizen' | 'staff'; name?: string } = {},
): number {
  contactSeq += 1;
  const userId = `fixture-${Date.now()}-${contactSeq}`;
  return db
    .insert(contacts)
    .values({
      channel: 'telegram',
      platformUserId: userId,
      chatId: userId,
      displayName: opts.name ?? `Liên hệ ${contactSeq}`,
      role: opts.role ?? 'unit_contact',
      unitId,
      status: opts.status ?? 'active',
      createdAt: T0,
      updatedAt: T0,
    })
    .returning({ id: contacts.id })
    .get().id;
}
