import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { staffUsers } from '../db/schema/index.js';
import { recordAudit } from './audit.js';
import type { Ctx, StaffRole } from './context.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import { dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';

type StaffUserRow = typeof staffUsers.$inferSelect;

/** A staff user as anyone outside this module sees it: never the password hash. */
export type StaffUser = Omit<StaffUserRow, 'passwordHash'> & { hasPassword: boolean };

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,40}$/;
export { MIN_PASSWORD_LENGTH };

export type StaffUserInput = {
  username: string;
  displayName: string;
  email?: string | null;
  role: StaffRole;
  password?: string;
};

export type StaffUserChanges = {
  displayName?: string;
  email?: string | null;
  role?: StaffRole;
  active?: boolean;
  password?: string;
};

export function publicStaffUser(row: StaffUserRow): StaffUser {
  const { passwordHash, ...rest } = row;
  return { ...rest, hasPassword: passwordHash !== null };
}

function checkPassword(password: string | undefined): void {
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`password must be at least ${MIN_PASSWORD_LENGTH} characters`, 'password');
  }
}

export function createStaffUser(ctx: Ctx, input: StaffUserInput): StaffUser {
  if (!USERNAME_PATTERN.test(input.username)) {
    throw invalid('username: 3–40 lower-case letters, digits, . _ -', 'username');
  }
  checkPassword(input.password);
  // Hash outside the transaction: scrypt is slow on purpose and must not hold the write lock.
  const passwordHash = input.password === undefined ? null : hashPassword(input.password);
  return ctx.db.transaction(() => {
    if (ctx.db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.username, input.username)).get()) {
      throw conflict(`username ${input.username} is taken`, 'username');
    }
    const now = ctx.clock.now();
    const row = ctx.db
      .insert(staffUsers)
      .values({
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        role: input.role,
        passwordHash,
        active: true,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const after = publicStaffUser(row);
    recordAudit(ctx, { action: 'staff_user.create', entity: 'staff_user', entityId: row.id, after });
    return after;
  });
}

export function listStaffUsers(
  ctx: Ctx,
  q: { role?: StaffRole; active?: boolean; limit: number; offset: number },
): { items: StaffUser[]; total: number } {
  const where: SQL[] = [];
  if (q.role) where.push(eq(staffUsers.role, q.role));
  if (q.active !== undefined) where.push(eq(staffUsers.active, q.active));
  const condition = where.length ? and(...where) : undefined;
  const rows = ctx.db
    .select()
    .from(staffUsers)
    .where(condition)
    .orderBy(asc(staffUsers.username))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  const total = ctx.db.select({ n: count() }).from(staffUsers).where(condition).get()?.n ?? 0;
  return { items: rows.map(publicStaffUser), total };
}

export function getStaffUser(ctx: Ctx, id: number): StaffUser {
  const row = ctx.db.select().from(staffUsers).where(eq(staffUsers.id, id)).get();
  if (!row) throw notFound('staff user', id);
  return publicStaffUser(row);
}

export function updateStaffUser(ctx: Ctx, id: number, changes: StaffUserChanges): StaffUser {
  checkPassword(changes.password);
  const passwordHash = changes.password === undefined ? undefined : hashPassword(changes.password);
  return ctx.db.transaction(() => {
    const beforeRow = ctx.db.select().from(staffUsers).where(eq(staffUsers.id, id)).get();
    if (!beforeRow) throw notFound('staff user', id);
    const { password: _clear, ...fields } = changes;
    const afterRow = ctx.db
      .update(staffUsers)
      .set({ ...fields, ...(passwordHash ? { passwordHash } : {}), updatedAt: ctx.clock.now() })
      .where(eq(staffUsers.id, id))
      .returning()
      .get()!;
    const before = publicStaffUser(beforeRow);
    const after = { ...publicStaffUser(afterRow), ...(passwordHash ? { passwordChanged: true } : {}) };
    recordAudit(ctx, { action: 'staff_user.update', entity: 'staff_user', entityId: id, before, after });
    return publicStaffUser(afterRow);
  });
}

/**
 * The dashboard's sign-in check: the active staff user with that username and password,
 * or undefined. Unknown users cost as much time as wrong passwords.
 */
export function verifyStaffPassword(ctx: Ctx, username: string, password: string): StaffUser | undefined {
  const row = ctx.db.select().from(staffUsers).where(eq(staffUsers.username, username.trim().toLowerCase())).get();
  const matches = verifyPassword(password, row?.passwordHash ?? dummyPasswordHash());
  if (!row || !row.passwordHash || !matches || !row.active) return undefined;
  return publicStaffUser(row);
}
