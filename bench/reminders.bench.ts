import { performance } from 'node:perf_hooks';
import { createCampaign } from '../src/domain/campaigns.js';
import { dueReminders } from '../src/domain/reminders.js';
import { createRequirement } from '../src/domain/requirements.js';
import { runJob } from '../src/jobs/registry.js';
import { silentLogger } from '../src/lib/logger.js';
import { DAY } from '../src/lib/time.js';
import { makeTestApp } from '../test/helpers/app.js';
import { insertUnits } from '../test/helpers/fixtures.js';
import { percentile, round, type BenchMeta, type BenchResult } from './result.js';

const UNITS = 10_000;
const REQUIREMENTS = 20;
const RUNS = 5;
const TARGET_MS = 200;

export const meta: BenchMeta = { estimate: 'about 1 min' };

/**
 * 10,000 units (one active contact each) × 20 open requirements due between 20 days ago and
 * 18 days ahead; half the units have submitted for half the requirements.
 * Times one computation of every due reminder (median of 5), then one full reminders job
 * run that writes the fires and outbox messages (a worst-case catch-up: every requirement
 * has a due offset and nobody has had it), then the same computation and a job run in the
 * steady state after it (the every-minute cost).
 */
export default async function bench(): Promise<BenchResult[]> {
  const t = makeTestApp({ now: '2026-05-15T03:00:00Z' }); // 10:00 local, outside quiet hours
  try {
    const kinds = ['truong_tieu_hoc', 'truong_thcs', 'truong_mam_non', 'truong_thpt'];
    const unitIds = insertUnits(
      t.db,
      Array.from({ length: UNITS }, (_, i) => ({ code: `U${String(i).padStart(5, '0')}`, name: `Trường số ${i} tỉnh Nghệ An`, kind: kinds[i % kinds.length]! })),
    );
    const now = t.clock.now();
    const c = t.db.$client;
    const addContact = c.prepare(
      `INSERT INTO contacts (channel, platform_user_id, chat_id, display_name, role, unit_id, status, created_at, updated_at)
       VALUES ('telegram', @p, @p, '', 'unit_contact', @unitId, 'active', @now, @now)`,
    );
    c.transaction(() => unitIds.forEach((unitId, i) => addContact.run({ p: `bench-${i}`, unitId, now: now.getTime() })))();

    const campaign = createCampaign(t.ctx, { title: 'Kế hoạch năm học 2025–2026' });
    const requirementIds: number[] = [];
    for (let r = 0; r < REQUIREMENTS; r++) {
      const dueAt = new Date(now.getTime() + (r * 2 - 20) * DAY + 7 * 3_600_000); // 20 days ago … 18 days ahead, at 17:00
      requirementIds.push(
        createRequirement(t.ctx, campaign.id, {
          title: `Yêu cầu số ${r + 1}`,
          kind: r % 2 ? 'report' : 'plan',
          dueAt: dueAt.toISOString(),
          escalateAfter: '+2d',
          audience: { unitKinds: kinds },
        }).id,
      );
    }
    const addSubmission = c.prepare(
      `INSERT INTO submissions (code, requirement_id, unit_id, version, channel, submitted_at, on_time, answers, links, review_state, created_at)
       VALUES (@code, @requirementId, @unitId, 1, 'api', @now, 1, '{}', '[]', 'received', @now)`,
    );
    c.transaction(() => {
      requirementIds.forEach((requirementId, r) => {
        if (r % 2 !== 0) return;
        unitIds.forEach((unitId, i) => {
          if (i % 2 === 0) addSubmission.run({ code: `NB-${r}-${i}`, requirementId, unitId, now: now.getTime() });
        });
      });
    })();

    let candidates = 0;
    const compute = () => {
      const start = performance.now();
      const batches = dueReminders(t.db, t.clock.now());
      const ms = performance.now() - start;
      candidates = batches.reduce((n, b) => n + b.units.length, 0);
      return ms;
    };
    const medianOf = (fn: () => number) => {
      fn(); // warm-up: statements prepared, pages cached
      return round(percentile(Array.from({ length: RUNS }, fn).sort((a, b) => a - b), 50));
    };
    const first = medianOf(compute);
    const firstCandidates = candidates;

    const deps = { db: t.db, clock: t.clock, log: silentLogger, config: t.config };
    let start = performance.now();
    const full = await runJob('reminders', deps, 'cli');
    const fullMs = round(performance.now() - start, 0);
    if (full.status !== 'ok') throw new Error(`reminders job failed: ${JSON.stringify(full.detail)}`);
    const d = full.detail as { sent: number; messages: number; skipped: number };

    // Steady state: every owing unit has had its latest reminder; the minute ticks find nothing.
    t.clock.advance(60_000);
    const steady = medianOf(compute);
    if (candidates !== 0) throw new Error(`${candidates} reminders still due after the catch-up`);
    start = performance.now();
    await runJob('reminders', deps, 'cli');
    const tickMs = round(performance.now() - start);

    const shape = `${UNITS} units × ${REQUIREMENTS} requirements`;
    return [
      {
        name: `due reminders, ${shape}, ${firstCandidates} due, median of ${RUNS}`,
        value: first,
        unit: 'ms',
        target: `< ${TARGET_MS} ms`,
        pass: first < TARGET_MS,
      },
      {
        name: `full reminders job run (catch-up): ${d.sent} fires, ${d.messages} outbox messages, ${d.skipped} older offsets skipped`,
        value: fullMs,
        unit: 'ms',
        target: 'reported',
        pass: true,
      },
      {
        name: `due reminders, ${shape}, steady state (all sent), median of ${RUNS}`,
        value: steady,
        unit: 'ms',
        target: `< ${TARGET_MS} ms`,
        pass: steady < TARGET_MS,
      },
      { name: 'reminders job run, steady state (nothing new due)', value: tickMs, unit: 'ms', target: '< 1000 ms', pass: tickMs < 1000 },
    ];
  } finally {
    t.close();
  }
}
