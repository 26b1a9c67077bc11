import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { contacts } from '../../src/db/schema/index.js';
import { isQuiet, parseQuietHours, quietEnd } from '../../src/domain/quiet-hours.js';
import { dueOffsets, reminderSchedule } from '../../src/domain/reminder-schedule.js';
import { dueReminders } from '../../src/domain/reminders.js';
import { updateRequirement } from '../../src/domain/requirements.js';
import { reviewSubmission } from '../../src/domain/submissions.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertUnit } from '../helpers/fixtures.js';
import { at, fires, makeRequirement, outboxRows, run, submit } from '../helpers/reminder-world.js';

const TZ = 'Asia/Ho_Chi_Minh';

describe('reminder schedule', () => {
  it('adds past-due repeats every 3 days after the last configured offset, up to 30 days', () => {
    expect(reminderSchedule(['+1d', '-7d', '0d', '-3d', '-1d']).map((p) => p.offset)).toEqual([
      '-7d', '-3d', '-1d', '0d', '+1d', '+4d', '+7d', '+10d', '+13d', '+16d', '+19d', '+22d', '+25d', '+28d',
    ]);
    expect(reminderSchedule(['-2d', '+12h']).map((p) => p.offset).slice(0, 4)).toEqual(['-2d', '+12h', '+84h', '+156h']);
  });

  it('names only the latest due offset to send and the older ones to skip', () => {
    const due = new Date('2026-05-23T10:00:00Z');
    const schedule = reminderSchedule(['-7d', '-3d', '-1d', '0d']);
    expect(dueOffsets(schedule, due, new Date('2026-05-16T09:59:00Z'))).toBeUndefined();
    const d = dueOffsets(schedule, due, new Date('2026-05-21T12:00:00Z'))!;
    expect(d.latest.offset).toBe('-3d');
    expect(d.older.map((o) => o.offset)).toEqual(['-7d']);
  });
});

describe('quiet hours', () => {
  const qh = parseQuietHours('21:00-07:00');
  it('wraps midnight and ends at the next 07:00 local', () => {
    expect(isQuiet(qh, new Date('2026-05-16T14:00:00Z'), TZ)).toBe(true); // 21:00 local
    expect(isQuiet(qh, new Date('2026-05-16T13:59:00Z'), TZ)).toBe(false); // 20:59
    expect(isQuiet(qh, new Date('2026-05-16T23:59:00Z'), TZ)).toBe(true); // 06:59
    expect(isQuiet(qh, new Date('2026-05-17T00:00:00Z'), TZ)).toBe(false); // 07:00
    expect(quietEnd(qh, new Date('2026-05-16T16:00:00Z'), TZ).toISOString()).toBe('2026-05-17T00:00:00.000Z'); // 23:00 → 07:00
    expect(quietEnd(qh, new Date('2026-05-16T18:00:00Z'), TZ).toISOString()).toBe('2026-05-17T00:00:00.000Z'); // 01:00 → 07:00
    expect(isQuiet(parseQuietHours('00:00-00:00'), new Date(), TZ)).toBe(false);
  });
});

describe('deadline reminders', () => {
  let t: TestApp;
  let school: number;
  let schoolContact: number;
  let submitted: number;
  let otherKind: number;
  beforeEach(() => {
    t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
    school = insertUnit(t.db, { code: 'THPT-ND1', name: 'Trường THPT Nam Đàn 1', kind: 'truong_thpt' });
    schoolContact = insertContact(t.db, school);
    submitted = insertUnit(t.db, { code: 'THPT-ND2', name: 'Trường THPT Nam Đàn 2', kind: 'truong_thpt' });
    insertContact(t.db, submitted);
    otherKind = insertUnit(t.db, { code: 'MN-1', name: 'Trường Mầm non Hoa Sen', kind: 'truong_mam_non' });
    insertContact(t.db, otherKind);
  });
  afterEach(() => t.close());

  it('reminds only units in the audience that owe, in Vietnamese, with a button into the submit flow', async () => {
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00' });
    submit(t, req.id, submitted);

    at(t, '2026-05-16 16:59');
    expect((await run(t)).detail).toMatchObject({ sent: 0, messages: 0 });
    expect(outboxRows(t, 'rem:')).toHaveLength(0);

    at(t, '2026-05-16 17:00');
    const first = await run(t);
    expect(first.status).toBe('ok');
    expect(first.detail).toMatchObject({ sent: 1, messages: 1, unreachable: 0 });
    const [row, ...rest] = outboxRows(t, 'rem:');
    expect(rest).toHaveLength(0);
    expect(row!.contactId).toBe(schoolContact);
    expect(row!.dedupeKey).toBe(`rem:${req.id}:${school}:-7d:${schoolContact}`);
    expect(row!.message.text).toBe(
      [
        '⏰ Nhắc hạn nộp bài',
        'Đơn vị: Trường THPT Nam Đàn 1',
        'Cần nộp: Kế hoạch thực hiện của đơn vị',
        'Thuộc: Kế hoạch tuyên truyền “Dân vận khéo” năm 2026',
        'Hạn nộp: trước 17:00 ngày 23/5/2026 (còn 7 ngày).',
        'Chọn “📤 Nộp ngay” để gửi tệp hoặc đường link ngay tại đây.',
      ].join('\n'),
    );
    expect(row!.message.choices).toEqual([[{ label: '📤 Nộp ngay', data: `r:${req.id}` }]]);
    expect(fires(t, req.id)).toEqual([{ unitId: school, offset: '-7d', version: 1, status: 'sent', recipients: 1 }]);
  });

  it('sends each offset once, even when the job runs twice or after a restart', async () => {
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00' });
    at(t, '2026-05-16 17:01');
    await run(t);
    await run(t);
    t.clock.advance(30 * 60_000);
    await run(t);
    // A restart: a new connection to the same database file, a new run.
    const reopened = openDatabase(t.config.databasePath);
    try {
      const again = await run(t, 'reminders', reopened);
      expect(again.detail).toMatchObject({ sent: 0, messages: 0 });
    } finally {
      reopened.$client.close();
    }
    expect(outboxRows(t, 'rem:').map((r) => r.dedupeKey)).toEqual([
      `rem:${req.id}:${school}:-7d:${schoolContact}`,
      `rem:${req.id}:${submitted}:-7d:${insertedContactOf(t, submitted)}`,
    ]);
  });

  it('holds reminders in quiet hours and sends them at 07:00; an overnight submission cancels its unit', async () => {
    const req = makeRequirement(t, { dueAt: '2026-05-23 23:00' });
    at(t, '2026-05-16 23:05'); // the -7d reminder falls at 23:00, inside 21:00–07:00
    const night = await run(t);
    expect(night.detail).toMatchObject({ sent: 0, heldUntil: '2026-05-17T00:00:00.000Z' });
    expect(outboxRows(t, 'rem:')).toHaveLength(0);

    at(t, '2026-05-17 02:00');
    submit(t, req.id, submitted);

    at(t, '2026-05-17 07:00');
    const morning = await run(t);
    expect(morning.detail).toMatchObject({ sent: 1, messages: 1 });
    expect(outboxRows(t, 'rem:').map((r) => r.contactId)).toEqual([schoolContact]);
  });

  it('stops as soon as a submission arrives and resumes when staff return it', async () => {
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00' });
    at(t, '2026-05-16 17:00');
    await run(t);
    expect(outboxRows(t, 'rem:').filter((r) => r.contactId === schoolContact)).toHaveLength(1);

    const sub = submit(t, req.id, school);
    at(t, '2026-05-20 17:00'); // -3d
    await run(t);
    expect(outboxRows(t, `rem:${req.id}:${school}:`)).toHaveLength(1);

    reviewSubmission(t.ctx, sub.id, { state: 'returned', reason: 'Thiếu chữ ký của thủ trưởng đơn vị' });
    at(t, '2026-05-22 17:00'); // -1d
    await run(t);
    const mine = outboxRows(t, `rem:${req.id}:${school}:`);
    expect(mine.map((r) => r.dedupeKey)).toEqual([
      `rem:${req.id}:${school}:-7d:${schoolContact}`,
      `rem:${req.id}:${school}:-1d:${schoolContact}`,
    ]);
    expect(mine[1]!.message.text).toContain('Hạn nộp: trước 17:00 ngày 23/5/2026 (còn 1 ngày, hạn là ngày mai).');
    expect(mine[1]!.message.text).toContain('Bài nộp lần trước đã được Sở trả lại để bổ sung, đơn vị vui lòng nộp lại.');
    // -3d was not sent (it fell while the unit had a submission), and is not sent late.
    expect(fires(t, req.id).filter((f) => f.unitId === school).map((f) => `${f.offset}:${f.status}`)).toEqual([
      '-7d:sent',
      '-3d:skipped',
      '-1d:sent',
    ]);
  });

  it('says when it is late, and repeats every 3 days while late', async () => {
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00', audience: { unitIds: [school] } });
    at(t, '2026-05-24 17:00');
    await run(t);
    at(t, '2026-05-25 17:00');
    await run(t);
    at(t, '2026-05-27 17:00');
    await run(t);
    const rows = outboxRows(t, 'rem:');
    expect(rows.map((r) => r.dedupeKey.split(':')[3])).toEqual(['+1d', '+4d']);
    expect(rows[0]!.message.text.split('\n')[0]).toBe('⚠️ Nhắc nộp bài — đã quá hạn');
    expect(rows[0]!.message.text).toContain('Hạn nộp: trước 17:00 ngày 23/5/2026 (đã quá hạn 1 ngày).');
    expect(rows[0]!.message.text).toContain('Sở chưa nhận được bài của đơn vị, đề nghị đơn vị nộp sớm.');
    expect(rows[1]!.message.text).toContain('(đã quá hạn 4 ngày)');
    expect(rows[1]!.message.choices).toEqual([[{ label: '📤 Nộp ngay', data: `r:${req.id}` }]]);
  });

  it('after a long downtime sends only the most recent due reminder and skips the older ones', async () => {
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00', audience: { unitIds: [school] } });
    at(t, '2026-05-24 09:00'); // -7d, -3d, -1d and 0d all passed while the service was down
    const r = await run(t);
    expect(r.detail).toMatchObject({ sent: 1, messages: 1, skipped: 3 });
    expect(outboxRows(t, 'rem:').map((x) => x.dedupeKey)).toEqual([`rem:${req.id}:${school}:0d:${schoolContact}`]);
    expect(fires(t, req.id).map((f) => `${f.offset}:${f.status}`)).toEqual(['-7d:skipped', '-3d:skipped', '-1d:skipped', '0d:sent']);
  });

  it('re-plans unsent offsets when the due date moves and never resends a sent one', async () => {
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00', audience: { unitIds: [school] } });
    at(t, '2026-05-16 17:00');
    await run(t); // -7d sent for the old date
    updateRequirement(t.ctx, req.id, { dueAt: '2026-05-30 17:00' });

    at(t, '2026-05-20 17:00'); // the old -3d time: nothing any more
    expect((await run(t)).detail).toMatchObject({ sent: 0 });
    at(t, '2026-05-23 17:00'); // the new -7d time: -7d was already sent, not again
    expect((await run(t)).detail).toMatchObject({ sent: 0 });
    at(t, '2026-05-27 17:00'); // the new -3d time
    expect((await run(t)).detail).toMatchObject({ sent: 1 });

    const rows = outboxRows(t, 'rem:');
    expect(rows.map((r) => r.dedupeKey.split(':')[3])).toEqual(['-7d', '-3d']);
    expect(rows[1]!.message.text).toContain('trước 17:00 ngày 30/5/2026 (còn 3 ngày)');
    expect(fires(t, req.id).map((f) => `${f.offset}:v${f.version}:${f.status}`)).toEqual(['-7d:v1:sent', '-3d:v2:sent']);
  });

  it('marks a unit with no reachable contact as unreachable (sent to 0 people)', async () => {
    const lonely = insertUnit(t.db, { code: 'THPT-XX', name: 'Trường THPT Xuân Xá', kind: 'truong_thpt' });
    insertContact(t.db, lonely, { status: 'blocked' });
    insertContact(t.db, lonely, { status: 'revoked' });
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00', audience: { unitIds: [lonely, school] } });
    at(t, '2026-05-16 17:00');
    const r = await run(t);
    expect(r.detail).toMatchObject({ sent: 2, messages: 1, unreachable: 1 });
    expect(fires(t, req.id)).toContainEqual({ unitId: lonely, offset: '-7d', version: 1, status: 'sent', recipients: 0 });
  });

  it('sends to every active contact of the unit, skipping blocked ones', async () => {
    const second = insertContact(t.db, school);
    const blocked = insertContact(t.db, school, { status: 'blocked' });
    makeRequirement(t, { dueAt: '2026-05-23 17:00', audience: { unitIds: [school] } });
    at(t, '2026-05-16 17:00');
    await run(t);
    const to = outboxRows(t, 'rem:').map((r) => r.contactId);
    expect(to).toEqual([schoolContact, second]);
    expect(to).not.toContain(blocked);
  });

  it('ignores closed requirements and inactive units', async () => {
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00' });
    t.db.$client.prepare(`UPDATE units SET active = 0 WHERE id = ?`).run(submitted);
    t.db.$client.prepare(`UPDATE requirements SET status = 'closed' WHERE id = ?`).run(req.id);
    at(t, '2026-05-16 17:00');
    expect(dueReminders(t.db, t.clock.now())).toEqual([]);
  });

  describe('escalation', () => {
    it('tells the parent unit once which of its units are late', async () => {
      const pgd = insertUnit(t.db, { code: 'PGD-ND', name: 'Phòng GDĐT Nam Đàn', kind: 'phong_gddt' });
      const pgdContact = insertContact(t.db, pgd);
      const [a, b, c] = ['Tiểu học Kim Liên', 'Tiểu học Nam Giang', 'Tiểu học Vân Diên'].map((name, i) =>
        insertUnit(t.db, { code: `TH-${i}`, name: `Trường ${name}`, kind: 'truong_tieu_hoc', parentId: pgd }),
      );
      const req = makeRequirement(t, { dueAt: '2026-05-23 17:00', audience: { unitKinds: ['truong_tieu_hoc'] }, escalateAfter: '+2d' });
      submit(t, req.id, c!);

      at(t, '2026-05-25 16:59');
      expect((await run(t)).detail).toMatchObject({ escalations: 0 });
      at(t, '2026-05-25 17:00');
      expect((await run(t)).detail).toMatchObject({ escalations: 1, escalationMessages: 1 });
      at(t, '2026-05-26 09:00');
      expect((await run(t)).detail).toMatchObject({ escalations: 0 });

      const rows = outboxRows(t, 'esc:');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.contactId).toBe(pgdContact);
      expect(rows[0]!.message.text).toBe(
        [
          '📣 Đôn đốc nộp bài: Kế hoạch thực hiện của đơn vị',
          'Thuộc: Kế hoạch tuyên truyền “Dân vận khéo” năm 2026',
          'Hạn nộp 17:00 ngày 23/5/2026 (đã quá hạn 2 ngày).',
          '2 đơn vị trực thuộc Phòng GDĐT Nam Đàn chưa nộp:',
          '• Trường Tiểu học Kim Liên',
          '• Trường Tiểu học Nam Giang',
          'Đề nghị Phòng GDĐT Nam Đàn đôn đốc các đơn vị trên nộp bài sớm.',
        ].join('\n'),
      );
      const esc = t.db.$client.prepare(`SELECT parent_unit_id, late_unit_ids FROM escalations`).all();
      expect(esc).toEqual([{ parent_unit_id: pgd, late_unit_ids: JSON.stringify([a, b]) }]);
    });

    it('waits for the parent to have a contact', async () => {
      const pgd = insertUnit(t.db, { code: 'PGD-HN', name: 'Phòng GDĐT Hưng Nguyên', kind: 'phong_gddt' });
      insertUnit(t.db, { code: 'TH-HN', name: 'Trường Tiểu học Hưng Nguyên', kind: 'truong_tieu_hoc', parentId: pgd });
      makeRequirement(t, { dueAt: '2026-05-23 17:00', audience: { unitKinds: ['truong_tieu_hoc'] }, escalateAfter: '+1d' });
      at(t, '2026-05-25 09:00');
      expect((await run(t)).detail).toMatchObject({ escalations: 0 });
      insertContact(t.db, pgd);
      t.clock.advance(60_000);
      expect((await run(t)).detail).toMatchObject({ escalations: 1, escalationMessages: 1 });
    });
  });
});

function insertedContactOf(t: TestApp, unitId: number): number {
  return t.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.unitId, unitId)).get()!.id;
}
