import type BetterSqlite3 from 'better-sqlite3';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { jobRuns } from '../db/schema/index.js';
import { conflict, notFound } from '../core/errors.js';
import { backupJob } from './backup.js';
import { broadcastsJob } from './broadcasts.js';
import { digestJob } from './digest.js';
import { jobCtx, type Job, type JobDeps, type JobTrigger } from './job.js';
import { remindersJob } from './reminders.js';

export type { JobDeps, JobTrigger } from './job.js';

export type JobRunRecord = {
  id: number;
  name: string;
  trigger: JobTrigger;
  status: 'running' | 'ok' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  /** What the run did (counts, file names), or {error} when it failed. */
  detail: Record<string, unknown> | null;
};

export type JobInfo = { name: string; schedule: string; description: string };

const JOBS: readonly Job[] = [remindersJob, broadcastsJob, digestJob, backupJob];

/** Every job the app knows, with its cron schedule (APP_TIMEZONE). */
export function listJobs(): JobInfo[] {
  return JOBS.map(({ name, schedule, description }) => ({ name, schedule, description }));
}

export function findJob(name: string): Job {
  const job = JOBS.find((j) => j.name === name);
  if (!job) throw notFound('job', name);
  return job;
}

/** Jobs running in this process, per database: the in-process half of the overlap guard. */
const runningHere = new WeakMap<BetterSqlite3.Database, Set<string>>();

function toRecord(row: typeof jobRuns.$inferSelect): JobRunRecord {
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    detail: (row.detail as Record<string, unknown> | null) ?? null,
  };
}

/**
 * Claims a run: refuses (409) while a 'running' row of the job is younger than its stale
 * timeout, e.g. another process or a CLI run; an older one is a crashed run, marked failed.
 */
function claimRun(db: Db, job: Job, trigger: JobTrigger, now: Date): number {
  return db.transaction(() => {
    const running = db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.name, job.name), eq(jobRuns.status, 'running')))
      .all();
    for (const row of running) {
      if (now.getTime() - row.startedAt.getTime() < job.staleAfterMs) {
        throw conflict(`job already running: ${job.name} (since ${row.startedAt.toISOString()}, run ${row.id})`);
      }
      db.update(jobRuns)
        .set({ status: 'failed', finishedAt: now, detail: { error: 'abandoned: still marked running after the stale timeout' } })
        .where(eq(jobRuns.id, row.id))
        .run();
    }
    return db.insert(jobRuns).values({ name: job.name, trigger, status: 'running', startedAt: now }).returning({ id: jobRuns.id }).get().id;
  });
}

/**
 * Runs one job now and records it in job_runs ('running' → 'ok' | 'failed' with a JSON detail).
 * Unknown name → DomainError not_found; an overlapping run → DomainError conflict.
 * A failing job does not throw: the record says 'failed' and detail.error says why.
 */
export async function runJob(name: string, deps: JobDeps, trigger: JobTrigger): Promise<JobRunRecord> {
  const job = findJob(name);
  let here = runningHere.get(deps.db.$client);
  if (!here) runningHere.set(deps.db.$client, (here = new Set()));
  if (here.has(job.name)) throw conflict(`job already running: ${job.name}`);
  const runId = claimRun(deps.db, job, trigger, deps.clock.now());
  here.add(job.name);
  let status: 'ok' | 'failed' = 'ok';
  let detail: Record<string, unknown>;
  try {
    detail = await job.run(deps, jobCtx(deps, job.name));
  } catch (err) {
    status = 'failed';
    detail = { error: err instanceof Error ? err.message : String(err) };
    deps.log.error({ err, job: job.name, trigger }, 'job failed');
  } finally {
    here.delete(job.name);
  }
  const row = deps.db
    .update(jobRuns)
    .set({ status, finishedAt: deps.clock.now(), detail })
    .where(eq(jobRuns.id, runId))
    .returning()
    .get()!;
  return toRecord(row);
}

/** The most recent run of a job, or null if it never ran. */
export function lastJobRun(db: Db, name: string): JobRunRecord | null {
  const row = db.select().from(jobRuns).where(eq(jobRuns.name, name)).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(1).get();
  return row ? toRecord(row) : null;
}

/** Every job with its last run, for GET /jobs and the CLI. */
export function listJobsWithLastRun(db: Db): (JobInfo & { lastRun: JobRunRecord | null })[] {
  return listJobs().map((j) => ({ ...j, lastRun: lastJobRun(db, j.name) }));
}

/** Recent runs, newest first (of one job, or of all): the job page's history. */
export function listJobRuns(db: Db, q: { name?: string; limit: number }): JobRunRecord[] {
  return db
    .select()
    .from(jobRuns)
    .where(q.name ? eq(jobRuns.name, q.name) : undefined)
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(q.limit)
    .all()
    .map(toRecord);
}
