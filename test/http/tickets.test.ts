import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withActor } from '../../src/domain/context.js';
import { openTicket } from '../../src/domain/tickets.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertStaffUser } from '../helpers/people.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp({ now: '2026-05-15T03:00:00Z' }); // Friday 10:00 in Vietnam
});
afterEach(() => t.close());

function open(kind: 'question' | 'feedback' | 'complaint' | 'denunciation', text: string, name: string, userId: string) {
  const person = insertContact(t.db, { platformUserId: userId, displayName: name, role: 'citizen' });
  const ctx = withActor(t.ctx, { type: 'citizen', id: person.id, label: name });
  return openTicket(ctx, { contactId: person.id, kind, text }).ticket;
}

describe('tickets API /api/v1/tickets', () => {
  it('keeps a denouncer’s identity to the admin role: never in lists or the audit log, not for staff', async () => {
    const denunciation = open('denunciation', 'Tố cáo hiệu trưởng trường X nhận tiền.', 'Phạm Văn Tố', '777000111');
    const complaint = open('complaint', 'Khiếu nại quyết định kỷ luật.', 'Võ Thị Khiếu', '777000222');

    for (const role of ['staff', 'admin'] as const) {
      const list = await t.request('GET', '/api/v1/tickets', { as: role });
      expect(list.status).toBe(200);
      expect(list.json.items.map((i: any) => i.code).sort()).toEqual([complaint.code, denunciation.code].sort());
      expect(list.json.items.find((i: any) => i.kind === 'denunciation').firstMessage).toBe('[nội dung tố cáo: chỉ quản trị viên được xem]');
      expect(list.json.items.find((i: any) => i.kind === 'complaint').firstMessage).toBe('Khiếu nại quyết định kỷ luật.');
      for (const secret of ['Phạm Văn Tố', '777000111', 'Võ Thị Khiếu', 'nhận tiền']) expect(list.text).not.toContain(secret);
    }
    const asStaff = await t.request('GET', `/api/v1/tickets/${denunciation.id}`, { as: 'staff' });
    expect(asStaff.json.requester).toBeNull();
    expect(asStaff.text).not.toContain('Phạm Văn Tố');
    expect(asStaff.text).not.toContain('777000111');
    expect(asStaff.text).not.toContain('nhận tiền'); // people sign a denunciation: its text identifies them
    const asAdmin = await t.request('GET', `/api/v1/tickets/${denunciation.id}`, { as: 'admin' });
    expect(asAdmin.json.requester).toMatchObject({ displayName: 'Phạm Văn Tố', platformUserId: '777000111', chatId: '777000111' });
    expect(asAdmin.json.firstMessage).toBe('Tố cáo hiệu trưởng trường X nhận tiền.');
    expect(asAdmin.json.messages[0].body).toBe('Tố cáo hiệu trưởng trường X nhận tiền.');
    expect((await t.request('GET', `/api/v1/tickets/${complaint.id}`, { as: 'staff' })).json.requester.displayName).toBe('Võ Thị Khiếu');
    expect((await t.request('GET', `/api/v1/tickets/${denunciation.id}`, { as: 'viewer' })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/tickets', { as: 'viewer' })).status).toBe(403);

    const audit = await t.request('GET', '/api/v1/audit-log?entity=ticket', { as: 'admin' });
    expect(audit.json.length ?? audit.json.items?.length).toBeGreaterThan(0);
    for (const secret of ['Phạm Văn Tố', '777000111', 'nhận tiền']) expect(audit.text).not.toContain(secret);
  });

  it('gives codes by kind and year, due dates from the legal limits, and filters overdue ones', async () => {
    const q = open('question', 'Hỏi giờ làm việc.', 'A', '1');
    const c = open('complaint', 'Khiếu nại.', 'B', '2');
    const d = open('denunciation', 'Tố cáo.', 'C', '3');
    expect(q.code).toBe('HD-2026-000001');
    expect(c.code).toBe('KN-2026-000002');
    expect(d.code).toBe('TC-2026-000003');
    const detail = (id: number) => t.request('GET', `/api/v1/tickets/${id}`, { as: 'admin' }).then((r) => r.json);
    expect((await detail(q.id)).dueAt).toBe('2026-05-22T10:00:00+07:00'); // 5 working days
    expect(await detail(c.id)).toMatchObject({ ackDueAt: '2026-05-25T10:00:00+07:00', dueAt: '2026-06-24T10:00:00+07:00' });
    expect(await detail(d.id)).toMatchObject({ ackDueAt: '2026-05-26T10:00:00+07:00', dueAt: '2026-06-25T10:00:00+07:00' });

    t.clock.advance(8 * 24 * 3600_000); // 23/5: the question is late
    const late = await t.request('GET', '/api/v1/tickets?overdue=true', { as: 'staff' });
    expect(late.json.items.map((i: any) => i.code)).toEqual([q.code]);
    t.clock.advance(3 * 24 * 3600_000); // 26/5: the complaint's acceptance notice is late too
    expect((await t.request('GET', '/api/v1/tickets?overdue=true&kind=complaint', { as: 'staff' })).json.items.map((i: any) => i.code)).toEqual([c.code]);
    expect((await t.request('GET', '/api/v1/tickets?overdue=false', { as: 'staff' })).json.items.map((i: any) => i.code)).toEqual([d.code]);
  });

  it('replies, assigns and closes; bad input is a 400 naming the field, a closed ticket a 409', async () => {
    const q = open('question', 'Hỏi.', 'A', '1');
    const staff = insertStaffUser(t.db, { username: 'minh', displayName: 'Trần Minh' });
    const assigned = await t.request('POST', `/api/v1/tickets/${q.id}/assign`, { as: 'staff', json: { staffUserId: staff.id } });
    expect(assigned.json).toMatchObject({ status: 'assigned', assigneeName: 'Trần Minh' });
    expect((await t.request('POST', `/api/v1/tickets/${q.id}/assign`, { json: { staffUserId: 999 } })).json.field).toBe('staffUserId');
    expect((await t.request('POST', `/api/v1/tickets/${q.id}/replies`, { json: { text: '  ' } })).json.field).toBe('text');
    const replied = await t.request('POST', `/api/v1/tickets/${q.id}/replies`, { as: 'staff', json: { text: 'Trả lời.' } });
    expect(replied.status).toBe(201);
    expect(replied.json.messages.at(-1)).toMatchObject({ author: 'staff', authorLabel: 'token:test-staff', body: 'Trả lời.' });
    expect((await t.request('POST', `/api/v1/tickets/${q.id}/close`, { as: 'staff' })).json.status).toBe('closed');
    const again = await t.request('POST', `/api/v1/tickets/${q.id}/replies`, { json: { text: 'Nữa.' } });
    expect(again.status).toBe(409);
    expect((await t.request('GET', '/api/v1/tickets/99999')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/tickets?status=open')).json.field).toBe('status');
  });
});
