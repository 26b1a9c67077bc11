import { createRoute, z } from '@hono/zod-openapi';
import { recordAudit } from '../../domain/audit.js';
import { formatLocalIso } from '../../lib/time.js';
import { listJobsWithLastRun, runJob, type JobRunRecord } from '../../jobs/registry.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../env.js';
import type { ApiRouter } from './router.js';
import { bearer, errorResponses, InstantString, jsonContent } from './schemas.js';

const JobRun = z
  .object({
    id: z.number().int(),
    name: z.string().openapi({ example: 'reminders' }),
    trigger: z.enum(['cron', 'api', 'cli', 'startup']),
    status: z.enum(['running', 'ok', 'failed']),
    startedAt: InstantString,
    finishedAt: InstantString.nullable(),
    detail: z.record(z.string(), z.unknown()).nullable().openapi({ example: { sent: 12, messages: 15, unreachable: 1 } }),
  })
  .openapi('JobRun');

const JobItem = z
  .object({
    name: z.string().openapi({ example: 'reminders' }),
    schedule: z.string().openapi({ example: '* * * * *' }),
    description: z.string(),
    lastRun: JobRun.nullable(),
  })
  .openapi('Job');

const JobName = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a job name such as reminders, digest or backup')
    .openapi({ param: { name: 'name', in: 'path' }, example: 'reminders' }),
});

const runDto = (r: JobRunRecord, tz: string) => ({
  id: r.id,
  name: r.name,
  trigger: r.trigger,
  status: r.status,
  startedAt: formatLocalIso(r.startedAt, tz),
  finishedAt: r.finishedAt ? formatLocalIso(r.finishedAt, tz) : null,
  detail: r.detail,
});

export function jobsRoutes(api: ApiRouter, deps: AppDeps): void {
  const tz = deps.config.timeZone;

  api.openapi(
    createRoute({
      method: 'get',
      path: '/jobs',
      tags: ['Jobs'],
      summary: 'Scheduled jobs (reminders, digest, backup) with their last run',
      security: bearer,
      middleware: [requireRole('viewer')] as const,
      responses: { 200: jsonContent(z.object({ items: z.array(JobItem) }), 'Jobs'), ...errorResponses },
    }),
    (c) =>
      c.json(
        { items: listJobsWithLastRun(deps.db).map((j) => ({ ...j, lastRun: j.lastRun ? runDto(j.lastRun, tz) : null })) },
        200,
      ),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/jobs/{name}/run',
      tags: ['Jobs'],
      summary: 'Run a job now',
      description:
        'Runs the job at once and answers with its run record when it finishes. Jobs compute from state, ' +
        'so a run sends only what is due and not yet sent. 409 while the same job is already running; ' +
        'a run that fails answers 200 with status "failed" and detail.error.',
      security: bearer,
      middleware: [requireRole('staff')] as const,
      request: { params: JobName },
      responses: { 200: jsonContent(JobRun, 'The finished run'), ...errorResponses },
    }),
    async (c) => {
      const run = await runJob(c.req.valid('param').name, deps, 'api');
      const ctx = c.get('ctx');
      ctx.db.transaction(() => recordAudit(ctx, { action: 'job.run', entity: 'job', entityId: run.name, after: runDto(run, tz) }));
      return c.json(runDto(run, tz), 200);
    },
  );
}
