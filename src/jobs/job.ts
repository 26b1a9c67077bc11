import type { Config } from '../config/env.js';
import type { Db } from '../db/client.js';
import { systemActor, type Ctx } from '../domain/context.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';

/** What every job receives (the same shape as the HTTP layer's AppDeps). */
export type JobDeps = { db: Db; clock: Clock; log: Logger; config: Config };
export type JobTrigger = 'cron' | 'api' | 'cli' | 'startup';

/** A JSON summary of what a run did, kept in job_runs.detail. */
export type JobDetail = Record<string, unknown>;

export type Job = {
  name: string;
  /** node-cron expression, read in APP_TIMEZONE. */
  schedule: string;
  description: string;
  /** A 'running' row older than this is taken as a crashed run and no longer blocks a new one. */
  staleAfterMs: number;
  run(deps: JobDeps, ctx: Ctx): JobDetail | Promise<JobDetail>;
};

/** The domain context a job acts with: the system actor "job:<name>". */
export function jobCtx(deps: JobDeps, name: string): Ctx {
  return {
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    actor: systemActor(`job:${name}`),
    timeZone: deps.config.timeZone,
    filesDir: deps.config.filesDir,
  };
}
