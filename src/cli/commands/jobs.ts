import { listJobs, listJobsWithLastRun, runJob, type JobRunRecord } from '../../jobs/registry.js';
import { formatVnDateTime } from '../../lib/time.js';
import { UsageError, type CommandRun } from '../command.js';

/** jobs — what the scheduler runs, when, and how its last run went. */
export const listJobsCommand: CommandRun = async (_args, { io, open }) => {
  const { ctx } = await open();
  const jobs = listJobsWithLastRun(ctx.db);
  if (jobs.length === 0) {
    io.out('No jobs registered yet (chưa có tác vụ nào).');
    return 0;
  }
  const width = Math.max(...jobs.map((j) => j.name.length));
  for (const job of jobs) {
    io.out(`${job.name.padEnd(width)}  ${job.schedule.padEnd(14)}  ${job.description}`);
    io.out(`${''.padEnd(width)}  last run: ${describeRun(job.lastRun, ctx.timeZone)}`);
  }
  return 0;
};

/** "ok at 07:30 ngày 1/12/2026 (cron, 42 ms)", or "never". */
function describeRun(run: JobRunRecord | null, timeZone: string): string {
  if (!run) return 'never (chưa chạy lần nào)';
  const took = run.finishedAt ? `, ${run.finishedAt.getTime() - run.startedAt.getTime()} ms` : '';
  const error = run.status === 'failed' && typeof run.detail?.error === 'string' ? ` — ${run.detail.error}` : '';
  return `${run.status} at ${formatVnDateTime(run.startedAt, timeZone)} (${run.trigger}${took})${error}`;
}

/** job <name> — one run now, recorded in job_runs with trigger "cli". */
export const runJobCommand: CommandRun = async (args, { io, open }) => {
  const name = args.positionals[0]!;
  const known = listJobs().map((j) => j.name);
  if (!known.includes(name)) {
    const list = known.length > 0 ? `known jobs: ${known.join(', ')}` : 'no jobs registered yet';
    throw new UsageError(`unknown job "${name}" (${list})`);
  }
  const { ctx, config } = await open();
  const run = await runJob(name, { db: ctx.db, clock: ctx.clock, log: ctx.log, config }, 'cli');
  const took = run.finishedAt ? ` in ${run.finishedAt.getTime() - run.startedAt.getTime()} ms` : '';
  io.out(`Job ${run.name} (run #${run.id}) finished ${run.status}${took}.`);
  if (run.detail) io.out(JSON.stringify(run.detail, null, 2));
  return run.status === 'failed' ? 1 : 0;
};
