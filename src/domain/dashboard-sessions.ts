import { and, eq, ne } from 'drizzle-orm';
import { dashboardSessions, staffUsers } from '../db/schema/index.js';
import { randomSecret, sha256Hex } from '../lib/ids.js';
import { recordAudit } from './audit.js';
import type { Actor, Ctx, StaffRole } from './context.js';
import { DomainError, invalid } from '../core/errors.js';
import { clearSignInFailures, lockedUntil, recordSignInFailure, type LockoutKeys } from './sign-in-lockout.js';
import { updateStaffUser, verifyStaffPassword } from './staff-users.js';

/** A session ends after 2 hours without a request, and 12 hours after sign-in whatever happens. */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most once a minute: reading a page should not always write. */
const TOUCH_EVERY_MS = 60_000;

export type SignedInUser = { id: number; username: string; displayName: string; role: StaffRole };
export type DashboardSession = { user: SignedInUser; csrfToken: string; tokenHash: string };

export type SignInResult =
  | { ok: true; token: string; session: DashboardSession }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; until: Date };

export function staffActor(user: SignedInUser): Actor {
  return { type: 'staff_user', id: user.id, label: user.username, role: user.role };
}

/**
 * Checks the password (unless the username or the address is locked out) and opens a new
 * session with a new token: an earlier token of the same browser is dropped, so a session
 * fixed before sign-in is worth nothing after it.
 */
export function signIn(ctx: Ctx, input: LockoutKeys & { password: string; previousToken?: string }): SignInResult {
  const until = lockedUntil(ctx, input);
  if (until) return { ok: false, reason: 'locked', until };
  const user = verifyStaffPassword(ctx, input.username, input.password);
  if (!user) {
    recordSignInFailure(ctx, input);
    const now = lockedUntil(ctx, input);
    return now ? { ok: false, reason: 'locked', until: now } : { ok: false, reason: 'wrong' };
  }
  clearSignInFailures(ctx, input);
  const token = randomSecret(32);
  const tokenHash = sha256Hex(token);
  const csrfToken = randomSecret(24);
  const now = ctx.clock.now();
  const signedIn = { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
  ctx.db.transaction(() => {
    if (input.previousToken) ctx.db.delete(dashboardSessions).where(eq(dashboardSessions.tokenHash, sha256Hex(input.previousToken))).run();
    ctx.db.insert(dashboardSessions).values({ tokenHash, staffUserId: user.id, csrfToken, createdAt: now, lastSeenAt: now }).run();
    recordAudit({ ...ctx, actor: staffActor(signedIn) }, { action: 'staff_user.sign_in', entity: 'staff_user', entityId: user.id });
  });
  return { ok: true, token, session: { user: signedIn, csrfToken, tokenHash } };
}

/**
 * The session behind a cookie, with the staff user read afresh on every request: a user
 * deactivated or given a lower role is out (or lower) at their very next click.
 */
export function resolveSession(ctx: Ctx, token: string): DashboardSession | undefined {
  const tokenHash = sha256Hex(token);
  const row = ctx.db
    .select({ session: dashboardSessions, user: staffUsers })
    .from(dashboardSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, dashboardSessions.staffUserId))
    .where(eq(dashboardSessions.tokenHash, tokenHash))
    .get();
  if (!row) return undefined;
  const now = ctx.clock.now().getTime();
  const expired = now - row.session.lastSeenAt.getTime() > SESSION_IDLE_MS || now - row.session.createdAt.getTime() > SESSION_MAX_MS;
  if (expired || !row.user.active || !row.user.passwordHash) {
    ctx.db.delete(dashboardSessions).where(eq(dashboardSessions.tokenHash, tokenHash)).run();
    return undefined;
  }
  if (now - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    ctx.db.update(dashboardSessions).set({ lastSeenAt: new Date(now) }).where(eq(dashboardSessions.tokenHash, tokenHash)).run();
  }
  const { id, username, displayName, role } = row.user;
  return { user: { id, username, displayName, role }, csrfToken: row.session.csrfToken, tokenHash };
}

export function signOut(ctx: Ctx, token: string): void {
  ctx.db.delete(dashboardSessions).where(eq(dashboardSessions.tokenHash, sha256Hex(token))).run();
}

/**
 * A signed-in user changes their own password: the current one must be right (same lock-out
 * as the sign-in), and every other session of theirs ends.
 */
export function changeOwnPassword(
  ctx: Ctx,
  session: DashboardSession,
  input: { current: string; next: string; address: string },
): void {
  const keys = { username: session.user.username, address: input.address };
  if (lockedUntil(ctx, keys)) throw new DomainError('limit', 'Nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ít phút.', 'current');
  if (!verifyStaffPassword(ctx, session.user.username, input.current)) {
    recordSignInFailure(ctx, keys);
    throw invalid('Mật khẩu hiện tại không đúng.', 'current');
  }
  if (input.next === input.current) throw invalid('Mật khẩu mới phải khác mật khẩu hiện tại.', 'next');
  updateStaffUser(ctx, session.user.id, { password: input.next });
  ctx.db
    .delete(dashboardSessions)
    .where(and(eq(dashboardSessions.staffUserId, session.user.id), ne(dashboardSessions.tokenHash, session.tokenHash)))
    .run();
}
