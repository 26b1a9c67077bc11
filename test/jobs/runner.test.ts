import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobRuns } from '../../src/db/schema/index.js';
import { DomainError } from '../../src/core/errors.js';
import { listJobs, runJob } from '../../src/jobs/registry.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { silentLogger } from '../../src/lib/logger.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertUnit } from '../helpers/fixtures.js';
import { at, makeRequirement, outboxRows } from '../helpers/reminder-world.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
  t.config.backupDir = join(t.dir, 'backups'); // the default ./data/backups is the real one
});
afterEach(() => t.close());

const deps = () => ({ db: t.db, clock: t.clock, log: silentLogger, config: t.config });

describe('job runner', () => {
  it('lists the jobs with their schedules', () => {
    expect(listJobs().map((j) => [j.name, j.schedule])).toEqual([
      ['reminders', '* * * * *'],
      ['broadcasts', '* * * * *'],
      ['digest', '30 7 * * *'],
      ['backup', '0 2 * * *'],
    ]);
  });

  it('POST /api/v1/jobs/reminders/run runs now and returns the run record', async () => {
    const school = insertUnit(t.db, { code: 'THPT-ND1', name: 'Trường THPT Nam Đàn 1', kind: 'truong_thpt' });
    const contact = insertContact(t.db, school);
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00' });
    at(t, '2026-05-16 17:00');

    const res = await t.request('POST', '/api/v1/jobs/reminders/run', { as: 'staff' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: 'reminders',
      trigger: 'api',
      status: 'ok',
      startedAt: '2026-05-16T17:00:00+07:00',
      finishedAt: '2026-05-16T17:00:00+07:00',
      detail: { sent: 1, messages: 1, unreachable: 0, skipped: 0 },
    });
    const [row] = outboxRows(t, 'rem:');
    expect(row!.contactId).toBe(contact);
    expect(row!.message.choices).toEqual([[{ label: '📤 Nộp ngay', data: `r:${req.id}` }]]);

    const again = await t.request('POST', '/api/v1/jobs/reminders/run', { as: 'staff' });
    expect(again.json.detail).toMatchObject({ sent: 0, messages: 0 });

    const list = await t.request('GET', '/api/v1/jobs', { as: 'viewer' });
    expect(list.status).toBe(200);
    const reminders = list.json.items.find((j: any) => j.name === 'reminders');
    expect(reminders.lastRun).toMatchObject({ id: again.json.id, status: 'ok', trigger: 'api' });
    expect(list.json.items.find((j: any) => j.name === 'backup').lastRun).toBeNull();

    const audit = await t.request('GET', '/api/v1/audit-log?action=job.run', { as: 'admin' });
    expect(audit.status).toBe(200);
    expect(audit.json.total).toBe(2);
    expect(audit.json.items[0]).toMatchObject({ action: 'job.run', entity: 'job', entityId: 'reminders' });
  });

  it('refuses an unknown job (404), a viewer (403) and no token (401)', async () => {
    const unknown = await t.request('POST', '/api/v1/jobs/send-everything/run', { as: 'staff' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'not_found', message: 'job send-everything not found' });
    await expect(runJob('nope', deps(), 'cli')).rejects.toMatchObject({ kind: 'not_found' });
    expect((await t.request('POST', '/api/v1/jobs/reminders/run', { as: 'viewer' })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/jobs/reminders/run', { as: 'none' })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/jobs', { as: 'none' })).status).toBe(401);
  });

  it('refuses a run while another of the same job is running (409), and takes over a stale one', async () => {
    const now = t.clock.now();
    t.db.insert(jobRuns).values({ name: 'reminders', trigger: 'cron', status: 'running', startedAt: new Date(now.getTime() - 60_000) }).run();
    const res = await t.request('POST', '/api/v1/jobs/reminders/run', { as: 'staff' });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('conflict');
    expect(res.json.message).toContain('job already running');
    // Another job is not blocked.
    expect((await t.request('POST', '/api/v1/jobs/digest/run', { as: 'staff' })).status).toBe(200);

    t.clock.advance(20 * 60_000); // past the 15-minute stale timeout: that run crashed
    const taken = await runJob('reminders', deps(), 'cli');
    expect(taken.status).toBe('ok');
    const rows = t.db.select().from(jobRuns).all().filter((r) => r.name === 'reminders');
    expect(rows.map((r) => r.status)).toEqual(['failed', 'ok']);
    expect(rows[0]!.detail).toMatchObject({ error: expect.stringContaining('abandoned') });
  });

  it('refuses an overlapping run in the same process', async () => {
    const first = runJob('backup', deps(), 'cli');
    await expect(runJob('backup', deps(), 'api')).rejects.toBeInstanceOf(DomainError);
    expect((await first).status).toBe('ok');
    // Once finished, it can run again.
    t.clock.advance(60_000);
    expect((await runJob('backup', deps(), 'cli')).status).toBe('ok');
  });

  it('records a failing job as failed with the reason, without throwing', async () => {
    const broken = { ...deps(), config: { ...t.config, quietHours: 'never' } };
    const run = await runJob('reminders', broken, 'cli');
    expect(run.status).toBe('failed');
    expect(run.detail).toEqual({ error: 'quiet hours: "never" is not HH:MM-HH:MM' });
    expect(run.finishedAt).not.toBeNull();
  });
});

describe('scheduler', () => {
  it('catches up reminders once at start and stops cleanly', async () => {
    const scheduler = startScheduler(deps());
    await scheduler.stop();
    const runs = t.db.select().from(jobRuns).all();
    expect(runs.map((r) => [r.name, r.trigger, r.status])).toEqual([['reminders', 'startup', 'ok']]);
  });
});
