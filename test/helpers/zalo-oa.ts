import { exchangeCode } from '../../src/channels/zalo-oa/oauth.js';
import { pkceChallenge, pkceVerifier } from '../../src/channels/zalo-oa/pkce.js';
import { systemActor } from '../../src/domain/context.js';
import { saveOaConnection } from '../../src/domain/zalo-oa-tokens.js';
import { silentLogger } from '../../src/lib/logger.js';
import { FakeZaloOa } from '../fakes/zalo-oa-api.js';
import { startHarness, type Harness } from './service.js';

/** The service's environment for the OA path against the fake. */
export function zaloOaEnv(fake: FakeZaloOa): Record<string, string> {
  return {
    ZALO_OA_APP_ID: fake.appId,
    ZALO_OA_APP_SECRET: fake.appSecret,
    ZALO_OA_SECRET_KEY: fake.oaSecretKey,
    ZALO_OA_ID: fake.oaId,
    ZALO_OA_API_ROOT: fake.apiRoot,
    ZALO_OA_OAUTH_ROOT: fake.oauthRoot,
  };
}

export type OaHarness = Harness & { oa: FakeZaloOa };

/** The whole service in webhook mode with the OA configured against the fake; the fake posts to /zalo-oa/webhook. */
export async function startOaHarness(opts: { connect?: boolean; now?: string; publicIsListener?: boolean } = {}): Promise<OaHarness> {
  const oa = await FakeZaloOa.start();
  const h = await startHarness({ webhook: true, now: opts.now, env: zaloOaEnv(oa), publicIsListener: opts.publicIsListener });
  oa.now = () => h.clock.now().getTime();
  oa.webhookUrl = `${h.webhookBase}/zalo-oa/webhook`;
  if (opts.connect !== false) await connectOa(h, oa);
  const close = h.close.bind(h);
  return Object.assign(h, {
    oa,
    async close() {
      await close();
      await oa.close();
    },
  });
}

/** What an admin's consent leaves behind: a stored grant (the browser test goes through the pages). */
export async function connectOa(h: Harness, oa: FakeZaloOa): Promise<void> {
  const verifier = pkceVerifier();
  const app = { appId: oa.appId, appSecret: oa.appSecret, oauthRoot: oa.oauthRoot };
  const grant = await exchangeCode(app, oa.issueCode(pkceChallenge(verifier)), verifier);
  const ctx = { db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir };
  saveOaConnection(ctx, { oaId: oa.oaId, grant });
}
