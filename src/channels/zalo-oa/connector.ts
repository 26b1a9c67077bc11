import { exchangeCode, permissionUrl, type OaApp, type OaGrant } from './oauth.js';
import { oauthState, pkceChallenge, pkceVerifier } from './pkce.js';

/** What the dashboard needs to connect the OA: a permission link (with PKCE and state) and the code exchange. */
export type OaConnector = {
  oaId: string;
  /** A fresh state, verifier and the link an OA admin opens. */
  begin(): { state: string; codeVerifier: string; url: string };
  exchange(code: string, codeVerifier: string): Promise<OaGrant>;
};

export function oaConnector(app: OaApp & { oaId: string }, redirectUri: string): OaConnector {
  return {
    oaId: app.oaId,
    begin() {
      const state = oauthState();
      const codeVerifier = pkceVerifier();
      return { state, codeVerifier, url: permissionUrl(app, { redirectUri, codeChallenge: pkceChallenge(codeVerifier), state }) };
    },
    exchange: (code, codeVerifier) => exchangeCode(app, code, codeVerifier),
  };
}
