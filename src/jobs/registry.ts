import type { Config } from '../config/env.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';

/** What every job receives (the same shape as the HTTP layer's AppDeps). */
export type JobDeps = { db: Db; clock: Clock; log: Logger; config: Config };
export type JobTrigger = 'cron' | 'api' | 'cli' | 'startup';
export type JobRunRecord = {
  id: number;
  name: string;
  trigger: JobTrigger;
  status: 'running' | 'ok' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  detail: Record<string, unknown> | null;
};
export type JobInfo = { name: string; schedule: string; description: string };

/** Every job the app knows (filled in shortly: reminders, digest, backup). */
export function listJobs(): JobInfo[] {
  return [];
}

/** Runs one job now and records it in job_runs. */
export async function runJob(name: string, _deps: JobDeps, _trigger: JobTrigger): Promise<JobRunRecord> {
  throw new Error(`job ${name} not implemented yet`);
}
