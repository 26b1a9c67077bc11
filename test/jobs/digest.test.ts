import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/domain/digest.js';
import { createStaffInvite, redeemInvite } from '../../src/domain/invites.js';
import { reviewSubmission } from '../../src/domain/submissions.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertUnit, insertUnits } from '../helpers/fixtures.js';
import { insertStaffUser } from '../helpers/people.js';
import { at, makeRequirement, outboxRows, run, submit } from '../helpers/reminder-world.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
});
afterEach(() => t.close());

/** A staff member links their Telegram chat with a staff invite, as in production. */
function linkStaff(name: string, chat: string): number {
  const user = insertStaffUser(t.db, { username: chat, displayName: name });
  const invite = createStaffInvite(t.ctx, { staffUserId: user.id }, 'CauNoiBot');
  return redeemInvite(t.ctx, { code: invite.code, channel: 'telegram', platformUserId: chat, chatId: chat, displayName: name }).contact.id;
}

describe('daily digest', () => {
  it('tells each linked staff member, once a day, who has submitted, who is late and who cannot be reached', async () => {
    const [a, b, c, d] = insertUnits(t.db, [
      { code: 'THPT-01', name: 'Trường THPT Nam Đàn 1', kind: 'truong_thpt' },
      { code: 'THPT-02', name: 'Trường THPT Nam Đàn 2', kind: 'truong_thpt' },
      { code: 'THPT-03', name: 'Trường THPT Kim Liên', kind: 'truong_thpt' },
      { code: 'THPT-04', name: 'Trường THPT Mai Hắc Đế', kind: 'truong_thpt' },
    ]);
    for (const u of [a, b, c]) insertContact(t.db, u!);
    insertContact(t.db, d!, { status: 'blocked' }); // d cannot be reached
    const plan = makeRequirement(t, { title: 'Kế hoạch thực hiện', dueAt: '2026-05-20 17:00' });
    const report = makeRequirement(t, { title: 'Báo cáo kết quả', kind: 'report', dueAt: '2026-06-30 17:00' });
    submit(t, plan.id, a!);
    const returned = submit(t, plan.id, b!);
    reviewSubmission(t.ctx, returned.id, { state: 'returned', reason: 'Thiếu phụ lục' });
    submit(t, report.id, a!);

    const lan = linkStaff('Nguyễn Thị Lan', 'staff-lan');
    const hung = linkStaff('Trần Văn Hùng', 'staff-hung');
    insertContact(t.db, a!, { role: 'unit_contact' }); // not staff: gets no digest

    at(t, '2026-05-22 07:30');
    const first = await run(t, 'digest');
    expect(first.status).toBe('ok');
    expect(first.detail).toEqual({ date: '2026-05-22', requirements: 2, recipients: 2, messages: 2, unreachable: 1 });
    const rows = outboxRows(t, 'digest:');
    expect(rows.map((r) => [r.dedupeKey, r.contactId])).toEqual([
      [`digest:2026-05-22:${lan}`, lan],
      [`digest:2026-05-22:${hung}`, hung],
    ]);
    expect(rows[0]!.message.text).toBe(
      [
        '📊 Tổng hợp tình hình nộp bài ngày 22/5/2026',
        '',
        '1. Kế hoạch thực hiện (Kế hoạch tuyên truyền “Dân vận khéo” năm 2026)',
        '   Hạn nộp 17:00 ngày 20/5/2026 — đã quá hạn 2 ngày.',
        '   Đã nộp 1/4 · quá hạn chưa nộp 2 · bị trả lại chờ nộp lại 1.',
        '   Đơn vị quá hạn: Trường THPT Kim Liên, Trường THPT Mai Hắc Đế.',
        '',
        '2. Báo cáo kết quả (Kế hoạch tuyên truyền “Dân vận khéo” năm 2026)',
        '   Hạn nộp 17:00 ngày 30/6/2026 — còn 39 ngày.',
        '   Đã nộp 1/4 · chưa nộp 3.',
        '',
        '⚠️ 1 đơn vị còn nợ bài nhưng chưa có đầu mối nhận tin (bot không nhắc được): Trường THPT Mai Hắc Đế. ' +
          'Đề nghị cấp mã liên kết cho các đơn vị này.',
      ].join('\n'),
    );

    // A second run the same day (restart, manual run) sends nothing new; the next day does.
    at(t, '2026-05-22 10:00');
    expect((await run(t, 'digest')).detail).toMatchObject({ messages: 0 });
    at(t, '2026-05-23 07:30');
    expect((await run(t, 'digest')).detail).toMatchObject({ date: '2026-05-23', messages: 2 });
  });

  it('lists an unreachable unit the reminders job could not reach', async () => {
    const lonely = insertUnit(t.db, { code: 'TT-GDTX', name: 'Trung tâm GDNN-GDTX Nam Đàn', kind: 'trung_tam' });
    const req = makeRequirement(t, { dueAt: '2026-05-23 17:00', audience: { unitIds: [lonely] } });
    at(t, '2026-05-16 17:00');
    expect((await run(t)).detail).toMatchObject({ sent: 1, unreachable: 1, messages: 0 });
    const digest = buildDigest(t.ctx);
    expect(digest.unreachable).toEqual([{ id: lonely, code: 'TT-GDTX', name: 'Trung tâm GDNN-GDTX Nam Đàn' }]);
    expect(digest.requirements).toMatchObject([{ id: req.id, total: 1, missing: 1, late: 0, submitted: 0 }]);
  });

  it('caps a long list of late units at 30 names', async () => {
    const ids = insertUnits(
      t.db,
      Array.from({ length: 45 }, (_, i) => ({ code: `TH-${String(i).padStart(2, '0')}`, name: `Trường Tiểu học số ${i}`, kind: 'truong_tieu_hoc' })),
    );
    for (const id of ids) insertContact(t.db, id);
    makeRequirement(t, { dueAt: '2026-05-20 17:00', audience: { unitKinds: ['truong_tieu_hoc'] } });
    linkStaff('Lê Văn An', 'staff-an');
    at(t, '2026-05-22 07:30');
    await run(t, 'digest');
    const text = outboxRows(t, 'digest:')[0]!.message.text;
    expect(text).toContain('quá hạn chưa nộp 45');
    expect(text).toContain('Trường Tiểu học số 29 và 15 đơn vị khác.');
    expect(text).not.toContain('Trường Tiểu học số 30,');
  });

  it('sends nothing when no requirement is open', async () => {
    linkStaff('Lê Văn An', 'staff-an');
    expect((await run(t, 'digest')).detail).toMatchObject({ requirements: 0, recipients: 1, messages: 0 });
    expect(outboxRows(t, 'digest:')).toHaveLength(0);
  });
});
