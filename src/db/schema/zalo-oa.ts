import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';

/**
 * The Official Account's OAuth v4 grant, one row per OA. The refresh token is single-use: a
 * rotated pair replaces the old one in one write before the new access token is used.
 * `status` needs_reconnect: the grant is gone (refresh refused) and an OA admin must consent again.
 */
export const zaloOaTokens = sqliteTable('zalo_oa_tokens', {
  oaId: text('oa_id').primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  accessExpiresAt: instant('access_expires_at').notNull(),
  status: text('status', { enum: ['connected', 'needs_reconnect'] }).notNull(),
  /** Why the grant stopped working (for staff: what happened, not a secret). */
  problem: text('problem'),
  connectedAt: instant('connected_at').notNull(),
  refreshedAt: instant('refreshed_at'),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * A permission link handed out to a staff user: its state (stored as a hash) and the PKCE
 * verifier that the callback's code is exchanged with. Single use, short-lived.
 */
export const zaloOaAuthRequests = sqliteTable('zalo_oa_auth_requests', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  stateHash: text('state_hash').notNull().unique(),
  codeVerifier: text('code_verifier').notNull(),
  staffUserId: integer('staff_user_id'),
  createdAt: instant('created_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
});
