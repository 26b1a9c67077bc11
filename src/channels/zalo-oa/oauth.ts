import type { OaTokenReply } from './api-types.js';
import { OA_REFRESH_INVALID, ZaloOaApiError, ZaloOaReconnectNeeded } from './errors.js';

export const OA_OAUTH_ROOT = 'https://oauth.zaloapp.com';
const TIMEOUT_MS = 15_000;

export type OaApp = { appId: string; appSecret: string; oauthRoot: string };

/** A fresh pair; `refreshToken` absent when Zalo did not rotate it (keep the old one then). */
export type OaGrant = { accessToken: string; refreshToken?: string; expiresInSeconds: number };

/**
 * The permission link an OA admin opens (§5): app id, callback, the S256 PKCE challenge and an
 * unguessable state, all as query parameters.
 */
export function permissionUrl(app: Pick<OaApp, 'appId' | 'oauthRoot'>, q: { redirectUri: string; codeChallenge: string; state: string }): string {
  const url = new URL('/v4/oa/permission', app.oauthRoot);
  url.searchParams.set('app_id', app.appId);
  url.searchParams.set('redirect_uri', q.redirectUri);
  url.searchParams.set('code_challenge', q.codeChallenge);
  url.searchParams.set('state', q.state);
  return url.toString();
}

/** Exchanges the single-use code from the callback, with the PKCE verifier. */
export function exchangeCode(app: OaApp, code: string, codeVerifier: string): Promise<OaGrant> {
  return tokenCall(app, { code, app_id: app.appId, grant_type: 'authorization_code', code_verifier: codeVerifier });
}

/**
 * Spends a refresh token (single-use) for a new pair. An empty body (the token was already
 * used) or -14014 (unknown or expired) is terminal: ZaloOaReconnectNeeded. Other failures
 * are ordinary errors that a later attempt may get through.
 */
export function refreshGrant(app: OaApp, refreshToken: string): Promise<OaGrant> {
  return tokenCall(app, { refresh_token: refreshToken, app_id: app.appId, grant_type: 'refresh_token' });
}

async function tokenCall(app: OaApp, form: Record<string, string>): Promise<OaGrant> {
  const res = await fetch(new URL('/v4/oa/access_token', app.oauthRoot), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: app.appSecret },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = (await res.text()).trim();
  const refreshing = form.grant_type === 'refresh_token';
  if (text === '') {
    if (refreshing && res.ok) throw new ZaloOaReconnectNeeded('the refresh token was refused with an empty answer (already used)');
    throw new ZaloOaApiError(-res.status, `token endpoint: HTTP ${res.status}, empty answer`, res.status);
  }
  let reply: OaTokenReply;
  try {
    reply = JSON.parse(text) as OaTokenReply;
  } catch {
    throw new ZaloOaApiError(-res.status, `token endpoint: HTTP ${res.status}, unreadable answer`, res.status);
  }
  const code = reply.error === undefined ? 0 : Number(reply.error);
  if (code === OA_REFRESH_INVALID) {
    throw new ZaloOaReconnectNeeded(`${refreshing ? 'refresh token' : 'authorization code'} refused: ${reply.error_name ?? 'invalid'} (${code})`);
  }
  if (code !== 0 || !reply.access_token) {
    throw new ZaloOaApiError(code || -res.status, `token endpoint: ${reply.error_name ?? 'no access token'} (${code})`, res.status);
  }
  const expires = Number(reply.expires_in);
  return {
    accessToken: reply.access_token,
    refreshToken: reply.refresh_token || undefined,
    expiresInSeconds: Number.isFinite(expires) && expires > 0 ? expires : 3600,
  };
}
