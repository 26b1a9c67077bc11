import type { MiddlewareHandler } from 'hono';
import { actorForBearerToken } from '../domain/authentication.js';
import type { Ctx } from '../domain/context.js';
import { FailureLimiter } from '../lib/failure-limiter.js';
import { clientAddress } from './client-address.js';
import type { AppDeps, AppEnv } from './env.js';
import { errorBody } from './errors.js';

/** Wrong credentials allowed per client address per window before it gets 429s. */
export const AUTH_FAILURES_PER_WINDOW = 20;
export const AUTH_WINDOW_MS = 60_000;

/**
 * Resolves the bearer token once per request into the actor and the domain context. Wrong
 * credentials count against the client's address; past the limit the address is answered 429
 * (with Retry-After, without even looking at the token) until its window ends, and the burst is
 * logged once.
 */
export function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const failures = new FailureLimiter({ maxFailures: AUTH_FAILURES_PER_WINDOW, windowMs: AUTH_WINDOW_MS, clock: deps.clock });
  return async (c, next) => {
    const auth = c.req.header('authorization');
    let actor: Ctx['actor'] | undefined;
    if (auth !== undefined) {
      const client = clientAddress(c, deps.config.trustedProxies);
      const wait = failures.retryAfterSeconds(client);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return c.json(errorBody('rate_limited', `too many failed authentications from this address; try again in ${wait} s`), 429);
      }
      const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      actor = match?.[1] ? actorForBearerToken(deps.db, deps.clock, match[1], deps.config.adminApiToken) : undefined;
      if (!actor && failures.fail(client).nowBlocked) {
        deps.log.warn(
          { client, failures: AUTH_FAILURES_PER_WINDOW, windowSeconds: AUTH_WINDOW_MS / 1000 },
          'too many failed authentications; refusing this address until its window ends',
        );
      }
    }
    c.set('actor', actor);
    c.set('ctx', {
      db: deps.db,
      clock: deps.clock,
      log: deps.log,
      actor: actor ?? { type: 'system', label: 'anonymous' },
      timeZone: deps.config.timeZone,
      filesDir: deps.config.filesDir,
    });
    await next();
  };
}
