import { asc, eq, like } from 'drizzle-orm';
import { outbox, reminderFires } from '../../src/db/schema/index.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { createCampaign } from '../../src/domain/campaigns.js';
import { createRequirement, type RequirementInput } from '../../src/domain/requirements.js';
import { createSubmission } from '../../src/domain/submissions.js';
import { runJob } from '../../src/jobs/registry.js';
import { silentLogger } from '../../src/lib/logger.js';
import { parseInstant } from '../../src/lib/time.js';
import type { TestApp } from './app.js';

/** Reminder and digest tests: a campaign, its requirements, and a way to run jobs at a local time. */

export function makeRequirement(t: TestApp, input: Partial<RequirementInput> & { dueAt: string }) {
  const campaign = createCampaign(t.ctx, { title: 'Kế hoạch tuyên truyền “Dân vận khéo” năm 2026', referenceNumber: '1234/KH-SGDĐT' });
  return createRequirement(t.ctx, campaign.id, {
    title: 'Kế hoạch thực hiện của đơn vị',
    kind: 'plan',
    audience: { unitKinds: ['truong_thpt'] },
    ...input,
  });
}

/** Moves the test clock to a local time in the app zone ("2026-05-16 17:05"). */
export function at(t: TestApp, local: string): void {
  const d = parseInstant(local, t.config.timeZone);
  if (!d) throw new Error(`bad local time ${local}`);
  t.clock.set(d);
}

export async function run(t: TestApp, name = 'reminders', db = t.db) {
  return runJob(name, { db, clock: t.clock, log: silentLogger, config: t.config }, 'cli');
}

export function submit(t: TestApp, requirementId: number, unitId: number) {
  return createSubmission(t.ctx, { requirementId, unitId, channel: 'api', links: ['https://drive.google.com/file/d/abc'] });
}

export type OutRow = { dedupeKey: string; contactId: number | null; chatId: string; message: OutboundMessage; nextAttemptAt: Date };

export function outboxRows(t: TestApp, prefix: string): OutRow[] {
  return t.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `${prefix}%`))
    .orderBy(asc(outbox.id))
    .all()
    .map((r) => ({ dedupeKey: r.dedupeKey, contactId: r.contactId, chatId: r.chatId, message: r.payload as OutboundMessage, nextAttemptAt: r.nextAttemptAt }));
}

export function fires(t: TestApp, requirementId: number) {
  return t.db
    .select()
    .from(reminderFires)
    .where(eq(reminderFires.requirementId, requirementId))
    .orderBy(asc(reminderFires.fireAt), asc(reminderFires.id))
    .all()
    .map((f) => ({ unitId: f.unitId, offset: f.offset, version: f.scheduleVersion, status: f.status, recipients: f.recipients }));
}
