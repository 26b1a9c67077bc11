import type { Ctx } from '../../domain/context.js';
import { currentOaTokens, markOaNeedsReconnect, rotateOaTokens } from '../../domain/zalo-oa-tokens.js';
import { refreshGrant, type OaApp, type OaGrant } from './oauth.js';
import { ZaloOaReconnectNeeded } from './errors.js';

/** Refresh this long before the stored expiry (Zalo: 25 h tokens; refresh at about 20 h). */
export const REFRESH_MARGIN_MS = 5 * 3600_000;
/** After a refresh failed for a passing reason (network, 5xx), wait this long before the next try. */
export const REFRESH_COOLDOWN_MS = 30_000;

/** No usable grant: never connected, or the refresh token was refused and staff must reconnect. */
export class OaNotConnected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OaNotConnected';
  }
}

export type TokenKeeperDeps = {
  /** The system context (database, clock, log) the grant is read and written through. */
  ctx: Ctx;
  app: OaApp;
};

/**
 * The one path to an OA access token. The stored pair is read from the database every time (a
 * restart or a reconnect is seen at once). A refresh is single-flight: concurrent callers
 * share one call, since a refresh token works once. The rotated pair is committed before the
 * new access token is handed out. An empty answer or -14014 is terminal: the grant is marked
 * needs_reconnect, staff are alerted once, and no further refresh is tried until an OA admin
 * connects again.
 */
export class OaTokenKeeper {
  private inFlight: Promise<string> | undefined;
  private coolDownUntil = 0;
  private lastFailure: Error | undefined;

  constructor(private readonly deps: TokenKeeperDeps) {}

  /**
   * An access token with more than REFRESH_MARGIN_MS left, refreshing first when needed. While
   * a refresh fails (or after the grant was lost) the stored token serves until it expires.
   */
  async accessToken(): Promise<string> {
    const stored = this.stored();
    const left = stored.accessExpiresAt.getTime() - this.now();
    if (stored.status === 'needs_reconnect') {
      if (left > 0) return stored.accessToken;
      throw new OaNotConnected(`the Zalo OA must be connected again: ${stored.problem ?? 'grant lost'}`);
    }
    if (left > REFRESH_MARGIN_MS) return stored.accessToken;
    try {
      return await this.refresh();
    } catch (err) {
      if (left > 0) return stored.accessToken;
      throw err;
    }
  }

  /**
   * Zalo refused `rejected` (-124, -216, -220) whatever its stored expiry says: one refresh,
   * unless another caller already replaced that token.
   */
  async replaceRejected(rejected: string): Promise<string> {
    const stored = this.usable();
    if (stored.accessToken !== rejected) return stored.accessToken;
    return this.refresh();
  }

  private stored() {
    const row = currentOaTokens(this.deps.ctx);
    if (!row) throw new OaNotConnected('the Zalo OA is not connected yet');
    return row;
  }

  /** A grant that may still be refreshed. */
  private usable() {
    const row = this.stored();
    if (row.status === 'needs_reconnect') throw new OaNotConnected(`the Zalo OA must be connected again: ${row.problem ?? 'grant lost'}`);
    return row;
  }

  private refresh(): Promise<string> {
    this.inFlight ??= this.refreshOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async refreshOnce(): Promise<string> {
    if (this.now() < this.coolDownUntil && this.lastFailure) throw this.lastFailure;
    const row = this.usable();
    const { ctx, app } = this.deps;
    let grant: OaGrant;
    try {
      grant = await refreshGrant(app, row.refreshToken);
    } catch (err) {
      if (err instanceof ZaloOaReconnectNeeded) {
        markOaNeedsReconnect(ctx, { oaId: row.oaId, problem: err.message });
        ctx.log.error({ oaId: row.oaId, problem: err.message }, 'zalo_oa: the refresh token was refused; an OA admin must connect the OA again at /admin/zalo-oa');
        throw new OaNotConnected(err.message);
      }
      this.lastFailure = err instanceof Error ? err : new Error(String(err));
      this.coolDownUntil = this.now() + REFRESH_COOLDOWN_MS;
      ctx.log.warn({ err: this.lastFailure }, 'zalo_oa: token refresh failed; will try again');
      throw this.lastFailure;
    }
    this.lastFailure = undefined;
    if (!rotateOaTokens(ctx, { oaId: row.oaId, spentRefreshToken: row.refreshToken, grant })) {
      // The stored pair moved on meanwhile (a reconnect): that one wins.
      return this.usable().accessToken;
    }
    ctx.log.info({ oaId: row.oaId, rotated: grant.refreshToken !== undefined }, 'zalo_oa: access token refreshed');
    return grant.accessToken;
  }

  private now(): number {
    return this.deps.ctx.clock.now().getTime();
  }
}
