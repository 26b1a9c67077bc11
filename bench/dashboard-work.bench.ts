import { contacts, deadlineExtensions, submissions, ticketMessages, tickets } from '../src/db/schema/index.js';
import { createDashboardUsers, DashboardClient } from '../test/helpers/dashboard.js';
import { insertUnits } from '../test/helpers/fixtures.js';
import { makeTestApp } from '../test/helpers/app.js';
import { timeRuns, type BenchMeta, type BenchResult } from './result.js';

const TICKETS = 5000;
const UNITS = 2000;
const REQUIREMENTS = 20;
const DAY = 24 * 3600_000;

export const meta: BenchMeta = { estimate: 'about 1 min' };

const time = timeRuns;

/**
 * The two pages of part 2 that grow with the Department's size, rendered to the last byte:
 * - the inbox with 5,000 tickets (all four kinds, every status, a third of them overdue): its
 *   default view, the 100 nearest deadlines with the counts of every filter, beside the API's
 *   GET /tickets?limit=100 in the same run;
 * - the punctuality record for 2,000 units × 20 requirements (60% of the pairs sent something,
 *   some late, some returned, 200 deadline extensions), beside the same figures taken the way
 *   the API gives them: GET /requirements/{id}/status for each of the 20 requirements.
 */
export default async function bench(): Promise<BenchResult[]> {
  const t = makeTestApp({ dashboard: true, now: '2026-09-01T03:00:00Z' });
  try {
    const now = t.clock.now().getTime();
    const kinds = ['question', 'feedback', 'complaint', 'denunciation'] as const;
    const statuses = ['new', 'assigned', 'answered', 'closed'] as const;
    t.db.transaction(() => {
      for (let i = 0; i < TICKETS; i++) {
        const created = new Date(now - (i % 60) * DAY - i * 1000);
        const contactId = t.db
          .insert(contacts)
          .values({ channel: 'telegram', platformUserId: `c${i}`, chatId: `c${i}`, displayName: `Phụ huynh ${i}`, role: 'citizen', createdAt: created, updatedAt: created })
          .returning({ id: contacts.id })
          .get().id;
        const kind = kinds[i % 4]!;
        const status = statuses[(i >> 2) % 4]!;
        const ticketId = t.db
          .insert(tickets)
          .values({
            code: `${['HD', 'PA', 'KN', 'TC'][i % 4]}-2026-${String(i + 1).padStart(6, '0')}`,
            kind,
            status,
            subject: kind === 'denunciation' ? '[nội dung tố cáo: chỉ quản trị viên được xem]' : `Câu hỏi số ${i} về thủ tục chuyển trường`,
            contactId,
            ackDueAt: kind === 'complaint' || kind === 'denunciation' ? new Date(created.getTime() + 10 * DAY) : null,
            dueAt: new Date(created.getTime() + (i % 3 === 0 ? 20 : 45) * DAY),
            closedAt: status === 'closed' ? new Date(created.getTime() + DAY) : null,
            createdAt: created,
            updatedAt: created,
          })
          .returning({ id: tickets.id })
          .get().id;
        t.db.insert(ticketMessages).values({ ticketId, author: 'citizen', body: `Nội dung câu hỏi số ${i}`, createdAt: created }).run();
        if (status !== 'new') t.db.insert(ticketMessages).values({ ticketId, author: 'staff', authorLabel: 'lan', body: 'Sở trả lời', createdAt: new Date(created.getTime() + 3600_000) }).run();
      }
    });

    const unitKinds = ['truong_tieu_hoc', 'truong_thcs', 'truong_mam_non'];
    const unitIds = insertUnits(t.db, Array.from({ length: UNITS }, (_, i) => ({ code: `U${String(i).padStart(5, '0')}`, name: `Trường số ${i} xã Nam Đàn`, kind: unitKinds[i % 3]! })));
    const campaign = await t.request('POST', '/api/v1/campaigns', { json: { title: 'Các kế hoạch năm học' } });
    const requirementIds: number[] = [];
    for (let r = 0; r < REQUIREMENTS; r++) {
      const due = new Date(now - (REQUIREMENTS - r) * 7 * DAY).toISOString();
      const res = await t.request('POST', `/api/v1/campaigns/${campaign.json.id}/requirements`, { json: { title: `Yêu cầu ${r + 1}`, kind: r % 2 ? 'report' : 'plan', dueAt: due, audience: { unitKinds } } });
      requirementIds.push(res.json.id);
    }
    t.db.transaction(() => {
      requirementIds.forEach((requirementId, r) => {
        const dueAt = now - (REQUIREMENTS - r) * 7 * DAY;
        unitIds.forEach((unitId, u) => {
          if ((u + r) % 10 >= 6) return;
          const late = (u + r) % 4 === 0;
          const at = new Date(dueAt + (late ? ((u % 5) + 1) * DAY : -DAY));
          t.db.insert(submissions).values({ code: `NB-${r}-${u}`, requirementId, unitId, version: 1, channel: 'telegram', submittedAt: at, onTime: !late, answers: {}, links: [], reviewState: (u + r) % 17 === 0 ? 'returned' : 'received', createdAt: at }).run();
        });
        for (let u = r; u < UNITS; u += 200) t.db.insert(deadlineExtensions).values({ requirementId, unitId: unitIds[u]!, dueAt: new Date(dueAt + 3 * DAY), reason: 'gia hạn', createdAt: new Date(now) }).run();
      });
    });

    createDashboardUsers(t.ctx);
    const browser = new DashboardClient(t.app);
    await browser.signIn('lan');
    const cookie = { cookie: `cn_session=${browser.cookies.get('cn_session')}` };
    const bearer = { authorization: `Bearer ${t.tokens.staff}` };
    const fetchAll = (path: string, headers: Record<string, string>) => async () => {
      const res = await t.app.request(path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    };
    const inboxPage = await (await t.app.request('/inbox', { headers: cookie })).text();
    const shown = (inboxPage.match(/<tr/g) ?? []).length - 1;
    if (shown !== 100 || !inboxPage.includes(`Tất cả (${TICKETS})`)) throw new Error(`the inbox shows ${shown} rows`);
    const record = await (await t.app.request('/punctuality', { headers: cookie })).text();
    if (!record.includes(`${UNITS} đơn vị · ${REQUIREMENTS} yêu cầu nộp`)) throw new Error('the punctuality record does not cover every unit and requirement');

    const inbox = await time(30, 5, fetchAll('/inbox', cookie));
    const overdue = await time(30, 5, fetchAll('/inbox?due=overdue&sort=newest', cookie));
    const ticketsApi = await time(30, 5, fetchAll('/api/v1/tickets?limit=100', bearer));
    const punctuality = await time(20, 3, fetchAll('/punctuality', cookie));
    const statusAll = await time(10, 2, async () => {
      for (const id of requirementIds) await fetchAll(`/api/v1/requirements/${id}/status?limit=${UNITS}`, bearer)();
    });
    const workbook = await time(5, 1, fetchAll('/punctuality.xlsx', cookie));
    return [
      { name: `inbox, ${TICKETS} tickets, default view (100 rows, every count), median (p95 ${inbox.p95} ms)`, value: inbox.median, unit: 'ms', target: '< 100 ms', pass: inbox.median < 100 },
      { name: `… inbox filtered to overdue, newest first, median (p95 ${overdue.p95} ms)`, value: overdue.median, unit: 'ms', target: '< 100 ms', pass: overdue.median < 100 },
      { name: '… beside API GET /tickets?limit=100 in the same run, median', value: ticketsApi.median, unit: 'ms', target: 'comparison', pass: true },
      { name: `punctuality record, ${UNITS} units × ${REQUIREMENTS} requirements, median (p95 ${punctuality.p95} ms)`, value: punctuality.median, unit: 'ms', target: '< 200 ms', pass: punctuality.median < 200 },
      { name: `… beside ${REQUIREMENTS} × API GET /requirements/{id}/status for the same units, median`, value: statusAll.median, unit: 'ms', target: 'comparison', pass: true },
      { name: `… the punctuality workbook (2 sheets, ${UNITS * REQUIREMENTS} detail rows), median of 5`, value: workbook.median, unit: 'ms', target: 'reported', pass: true },
    ];
  } finally {
    t.close();
  }
}
