import { eq } from 'drizzle-orm';
import { staffUsers } from '../db/schema/index.js';
import type { Ctx } from '../domain/context.js';
import { getStaffUser, type StaffUser } from '../domain/staff-users.js';
import { invalid } from '../core/errors.js';

/**
 * The staff user with that username. The CLI names users by username, the domain by id;
 * this belongs in src/domain/staff-users.ts as a verb (findStaffUserByUsername) when its owner adds one.
 */
export function staffUserByUsername(ctx: Ctx, username: string): StaffUser {
  const row = ctx.db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(eq(staffUsers.username, username.toLowerCase()))
    .get();
  if (!row) throw invalid(`no staff user with username ${username}`, 'staffUserId');
  return getStaffUser(ctx, row.id);
}
