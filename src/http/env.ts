import type { Config } from '../config/env.js';
import type { Db } from '../db/client.js';
import type { Actor, Ctx } from '../domain/context.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';

/** What the composition root hands to the HTTP layer. */
export type AppDeps = {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Config;
};

export type AppEnv = {
  Variables: {
    actor: Actor | undefined;
    /** Domain context for the current request's actor. */
    ctx: Ctx;
  };
};
