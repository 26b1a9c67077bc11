import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extendDeadline } from '../../src/domain/deadline-extensions.js';
import { requirementStatus } from '../../src/domain/requirement-status.js';
import { openRequirementsForUnit } from '../../src/domain/unit-requirements.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertUnit } from '../helpers/fixtures.js';
import { at, makeRequirement, outboxRows, run, submit } from '../helpers/reminder-world.js';

describe('a unit\'s own deadline (gia hạn)', () => {
  let t: TestApp;
  let extended: number;
  let other: number;
  let extendedContact: number;
  let otherContact: number;
  let requirementId: number;
  beforeEach(() => {
    t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
    extended = insertUnit(t.db, { code: 'THPT-A', name: 'Trường THPT A', kind: 'truong_thpt' });
    extendedContact = insertContact(t.db, extended);
    other = insertUnit(t.db, { code: 'THPT-B', name: 'Trường THPT B', kind: 'truong_thpt' });
    otherContact = insertContact(t.db, other);
    requirementId = makeRequirement(t, { dueAt: '2026-05-23 17:00', reminderOffsets: ['-1d', '0d', '+1d'] }).id;
    extendDeadline(t.ctx, { requirementId, unitId: extended, dueAt: '2026-05-30 17:00', reason: 'Sáp nhập trường' });
  });
  afterEach(() => t.close());

  it('keeps the unit out of "late", reminds it on its own schedule, and judges on-time by its date', async () => {
    at(t, '2026-05-24 09:00'); // the common deadline has passed
    const status = requirementStatus(t.ctx, requirementId);
    expect(status.items.find((i) => i.unit.id === extended)).toMatchObject({ status: 'missing' });
    expect(status.items.find((i) => i.unit.id === other)).toMatchObject({ status: 'late' });
    expect(openRequirementsForUnit(t.ctx, extended)[0]!.dueAt.toISOString()).toBe('2026-05-30T10:00:00.000Z');

    await run(t);
    const first = outboxRows(t, 'rem:');
    expect(first.map((r) => r.contactId)).toEqual([otherContact]);

    at(t, '2026-05-29 17:05'); // one day before the unit's own deadline
    await run(t);
    const own = outboxRows(t, 'rem:').filter((r) => r.contactId === extendedContact);
    expect(own).toHaveLength(1);
    expect(own[0]!.message.text).toContain('Hạn nộp: trước 17:00 ngày 30/5/2026 (còn 1 ngày, hạn là ngày mai).');
    await run(t);
    expect(outboxRows(t, 'rem:').filter((r) => r.contactId === extendedContact)).toHaveLength(1);

    expect(submit(t, requirementId, extended).onTime).toBe(true);
    expect(submit(t, requirementId, other).onTime).toBe(false);
  });

  it('refuses a date before the common deadline, a missing reason, and a unit outside the audience', () => {
    expect(() => extendDeadline(t.ctx, { requirementId, unitId: other, dueAt: '2026-05-20', reason: 'x' })).toThrow(/Hạn mới phải sau hạn chung/);
    expect(() => extendDeadline(t.ctx, { requirementId, unitId: other, dueAt: '2026-06-01', reason: '  ' })).toThrow(/lý do/);
    const outsider = insertUnit(t.db, { code: 'MN-1', name: 'Mầm non', kind: 'truong_mam_non' });
    expect(() => extendDeadline(t.ctx, { requirementId, unitId: outsider, dueAt: '2026-06-01', reason: 'x' })).toThrow(/không thuộc/);
  });
});
