import { contacts, staffUsers, units } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/client.js';
import { foldVietnamese } from '../../src/lib/text.js';

/** Rows inserted straight into the database, so these tests do not depend on the units API. */
const T0 = new Date('2026-05-01T00:00:00Z');

export function insertUnit(db: Db, input: { code: string; name: string; kind?: string; active?: boolean }) {
  return db
    .insert(units)
    .values({
      code: input.code,
      name: input.name,
      searchText: foldVietnamese(`${input.code} ${input.name}`),
      kind: input.kind ?? 'truong_thpt',
      active: input.active ?? true,
      createdAt: T0,
      updatedAt: T0,
    })
    .returning()
    .get();
}

export function insertContact(
  db: Db,
  input: {
    channel?: 'telegram' | 'zalo' | 'web';
    platformUserId: string;
    displayName?: string;
    role?: 'unit_contact' | 'citizen' | 'staff';
    unitId?: number | null;
    status?: 'active' | 'blocked' | 'revoked';
  },
) {
  return db
    .insert(contacts)
    .values({
      channel: input.channel ?? 'telegram',
      platformUserId: input.platformUserId,
      chatId: input.platformUserId,
      displayName: input.displayName ?? '',
      role: input.role ?? 'citizen',
      unitId: input.unitId ?? null,
      status: input.status ?? 'active',
      createdAt: T0,
      updatedAt: T0,
    })
    .returning()
    .get();
}

export function insertStaffUser(db: Db, input: { username: string; displayName?: string; role?: 'admin' | 'staff' | 'viewer'; active?: boolean }) {
  return db
    .insert(staffUsers)
    .values({
      username: input.username,
      displayName: input.displayName ?? input.username,
      role: input.role ?? 'staff',
      active: input.active ?? true,
      createdAt: T0,
      updatedAt: T0,
    })
    .returning()
    .get();
}
