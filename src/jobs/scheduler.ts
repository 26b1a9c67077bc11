import cron, { type ScheduledTask } from 'node-cron';
import { DomainError } from '../core/errors.js';
import type { JobDeps, JobTrigger } from './job.js';
import { listJobs, runJob } from './registry.js';

export type Scheduler = { stop(): Promise<void> };

/**
 * Schedules every job with node-cron in APP_TIMEZONE (reminders each minute, digest 07:30,
 * backup 02:00). With runOnStart (default), reminders also run once at start with trigger
 * 'startup', so downtime is caught up at once. Overlaps are refused by runJob and only
 * logged at debug level. stop() stops the timers and waits for runs in progress.
 */
export function startScheduler(deps: JobDeps, opts: { runOnStart?: boolean } = {}): Scheduler {
  const inFlight = new Set<Promise<void>>();
  const fire = (name: string, trigger: JobTrigger) => {
    const p = runJob(name, deps, trigger)
      .then((run) => {
        if (run.status === 'failed') deps.log.warn({ job: name, detail: run.detail }, 'scheduled job failed');
      })
      .catch((err: unknown) => {
        if (err instanceof DomainError && err.kind === 'conflict') deps.log.debug({ job: name }, 'job still running; tick skipped');
        else deps.log.error({ err, job: name }, 'scheduled job could not start');
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const tasks: ScheduledTask[] = listJobs().map((job) =>
    cron.schedule(job.schedule, () => fire(job.name, 'cron'), {
      timezone: deps.config.timeZone,
      name: `cau-noi-${job.name}`,
      noOverlap: true,
    }),
  );
  if (opts.runOnStart !== false) fire('reminders', 'startup');
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.all([...inFlight]);
    },
  };
}
