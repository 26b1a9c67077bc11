import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscribe } from '../../src/domain/subscriptions.js';
import { runJob } from '../../src/jobs/registry.js';
import { silentLogger } from '../../src/lib/logger.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertUnit } from '../helpers/people.js';

let t: TestApp;
beforeEach(() => {
  // 10:00 in Hà Nội.
  t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
});
afterEach(() => t.close());

const create = (json: unknown, as: 'staff' | 'viewer' | 'admin' | 'none' = 'staff') =>
  t.request('POST', '/api/v1/broadcasts', { as, json });
const get = (id: number) => t.request('GET', `/api/v1/broadcasts/${id}`, { as: 'viewer' });
const runBroadcastsJob = () => runJob('broadcasts', { db: t.db, clock: t.clock, log: silentLogger, config: t.config }, 'api');
const outboxOf = (id: number) =>
  t.db.$client.prepare(`SELECT dedupe_key AS dedupeKey, lane, status, contact_id AS contactId, payload FROM outbox WHERE broadcast_id = ? ORDER BY id`).all(id) as {
    dedupeKey: string;
    lane: string;
    status: string;
    contactId: number;
    payload: string;
  }[];

/**
 * Two high schools and a primary school with one contact each, plus an inactive school's
 * contact, a blocked and a revoked contact, two citizens (one subscribed to tuyen-sinh,
 * one to nothing) and a staff member's chat.
 */
function world() {
  const thpt1 = insertUnit(t.db, { code: 'THPT-ND1', name: 'Trường THPT Nam Đàn 1', kind: 'truong_thpt' });
  const thpt2 = insertUnit(t.db, { code: 'THPT-ND2', name: 'Trường THPT Nam Đàn 2', kind: 'truong_thpt' });
  const th = insertUnit(t.db, { code: 'TH-XL', name: 'Trường Tiểu học Xuân Lâm', kind: 'truong_tieu_hoc' });
  const closed = insertUnit(t.db, { code: 'THPT-CU', name: 'Trường THPT đã sáp nhập', kind: 'truong_thpt', active: false });
  const c = {
    thpt1: insertContact(t.db, { platformUserId: '9001', displayName: 'Cô Hà', role: 'unit_contact', unitId: thpt1.id }),
    thpt2: insertContact(t.db, { platformUserId: '9002', displayName: 'Thầy Phúc', role: 'unit_contact', unitId: thpt2.id }),
    th: insertContact(t.db, { channel: 'zalo', platformUserId: '9003', displayName: 'Cô Lan', role: 'unit_contact', unitId: th.id }),
    closed: insertContact(t.db, { platformUserId: '9004', role: 'unit_contact', unitId: closed.id }),
    blocked: insertContact(t.db, { platformUserId: '9005', role: 'unit_contact', unitId: thpt1.id, status: 'blocked' }),
    revoked: insertContact(t.db, { platformUserId: '9006', role: 'unit_contact', unitId: thpt2.id, status: 'revoked' }),
    parent: insertContact(t.db, { platformUserId: '9007', displayName: 'Phụ huynh Minh', role: 'citizen' }),
    asker: insertContact(t.db, { platformUserId: '9008', displayName: 'Người hỏi', role: 'citizen' }),
    staff: insertContact(t.db, { channel: 'web', platformUserId: '9009', displayName: 'Cán bộ CTTT', role: 'staff' }),
  };
  subscribe(t.ctx, { contactId: c.parent.id, topic: 'tuyen-sinh' });
  return { units: { thpt1, thpt2, th, closed }, c };
}

describe('POST /broadcasts (immediate)', () => {
  it('queues one bulk message per active recipient, with delivery rows, an audit entry and its counts', async () => {
    const { c } = world();
    const res = await create({
      text: '**Thông báo**: các đơn vị gửi _kế hoạch_ trước 17:00 ngày 23/5.',
      audience: { roles: ['unit_contact', 'citizen'] },
      requireAck: true,
    });

    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      title: 'Thông báo: các đơn vị gửi kế hoạch trước 17:00 ngày 23/5.',
      status: 'sending',
      requireAck: true,
      scheduledAt: null,
      startedAt: '2026-05-15T10:00:00+07:00',
      counts: { total: 4, queued: 4, sending: 0, sent: 0, failed: { total: 0, byReason: {} }, cancelled: 0, acked: 0 },
    });
    const rows = outboxOf(res.json.id);
    // Active unit contacts of active units, and the subscribed citizen; nobody else.
    expect(rows.map((r) => r.contactId).sort()).toEqual([c.thpt1.id, c.thpt2.id, c.th.id, c.parent.id].sort());
    expect(rows.every((r) => r.lane === 'bulk' && r.status === 'queued')).toBe(true);
    expect(rows.map((r) => r.dedupeKey)).toContain(`bc:${res.json.id}:${c.thpt1.id}`);
    expect(JSON.parse(rows[0]!.payload)).toEqual({
      text: '**Thông báo**: các đơn vị gửi _kế hoạch_ trước 17:00 ngày 23/5.',
      format: 'basic',
      choices: [[{ label: '✅ Đã nhận', data: `ack:${res.json.id}` }]],
    });
    // The contact's timeline shows the text as a person reads it.
    const timeline = t.db.$client.prepare(`SELECT text FROM timeline_messages WHERE contact_id = ?`).pluck().all(c.thpt1.id);
    expect(timeline).toEqual(['Thông báo: các đơn vị gửi kế hoạch trước 17:00 ngày 23/5.']);

    const detail = await get(res.json.id);
    expect(detail.json.notAcknowledged.total).toBe(4);
    expect(detail.json.notAcknowledged.items[0]).toMatchObject({ displayName: 'Cô Hà', unit: { code: 'THPT-ND1' }, deliveryStatus: 'queued' });

    const audit = await t.request('GET', '/api/v1/audit-log?entity=broadcast', { as: 'admin' });
    expect(audit.json.items.map((e: any) => e.action)).toContain('broadcast.create');
  });

  it('narrows unit contacts by unit kind or unit, and citizens by topic; staff chats by role', async () => {
    const { units, c } = world();
    const byKind = await create({ text: 'Tin cho THPT', audience: { roles: ['unit_contact'], unitKinds: ['truong_thpt'] } });
    expect(outboxOf(byKind.json.id).map((r) => r.contactId).sort()).toEqual([c.thpt1.id, c.thpt2.id].sort());

    const kindOrUnit = await create({
      text: 'Tin cho THPT và Xuân Lâm',
      audience: { roles: ['unit_contact'], unitKinds: ['truong_thpt'], unitIds: [units.th.id] },
    });
    expect(outboxOf(kindOrUnit.json.id)).toHaveLength(3);

    const otherTopic = await create({ text: 'Học phí', audience: { roles: ['citizen'], topics: ['hoc-phi'] } });
    expect(otherTopic.json.counts.total).toBe(0);
    const topic = await create({ text: 'Tuyển sinh', audience: { roles: ['citizen'], topics: ['tuyen-sinh', 'hoc-phi'] } });
    expect(outboxOf(topic.json.id).map((r) => r.contactId)).toEqual([c.parent.id]);

    const staff = await create({ text: 'Nội bộ', audience: { roles: ['staff'] } });
    expect(outboxOf(staff.json.id).map((r) => r.contactId)).toEqual([c.staff.id]);
  });

  it('POST /broadcasts/preview counts the audience by role and channel without sending', async () => {
    world();
    const res = await t.request('POST', '/api/v1/broadcasts/preview', {
      as: 'viewer',
      json: { audience: { roles: ['unit_contact', 'citizen', 'staff'] } },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      total: 5,
      byRole: { unit_contact: 3, citizen: 1, staff: 1 },
      byChannel: { telegram: 3, zalo: 1, zalo_oa: 0, web: 1 },
    });
    expect(t.db.$client.prepare(`SELECT count(*) FROM outbox`).pluck().get()).toBe(0);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const { units } = world();
    const cases: [unknown, string][] = [
      [{ text: '', audience: { roles: ['staff'] } }, 'text'],
      [{ text: '   ', audience: { roles: ['staff'] } }, 'text'],
      [{ text: 'x'.repeat(3501), audience: { roles: ['staff'] } }, 'text'],
      [{ text: 'Tin', audience: { roles: [] } }, 'audience.roles'],
      [{ text: 'Tin', audience: { roles: ['parent'] } }, 'audience.roles.0'],
      [{ text: 'Tin' }, 'audience'],
      [{ text: 'Tin', audience: { roles: ['unit_contact'], unitKinds: ['truong_dai_hoc'] } }, 'audience.unitKinds'],
      [{ text: 'Tin', audience: { roles: ['unit_contact'], unitIds: [units.th.id, 99999] } }, 'audience.unitIds'],
      [{ text: 'Tin', audience: { roles: ['staff'], unitKinds: ['truong_thpt'] } }, 'audience.unitKinds'],
      [{ text: 'Tin', audience: { roles: ['unit_contact'], topics: ['tuyen-sinh'] } }, 'audience.topics'],
      [{ text: 'Tin', audience: { roles: ['citizen'], topics: ['Tuyển sinh'] } }, 'audience.topics.0'],
      [{ text: 'Tin', audience: { roles: ['staff'] }, scheduledAt: '2026-05-15 09:59' }, 'scheduledAt'],
      [{ text: 'Tin', audience: { roles: ['staff'] }, scheduledAt: 'thứ hai tuần sau' }, 'scheduledAt'],
      [{ text: 'Tin', audience: { roles: ['staff'] }, attachmentFileId: 424242 }, 'attachmentFileId'],
    ];
    for (const [json, field] of cases) {
      const res = await create(json);
      expect({ json, status: res.status, field: res.json?.field }).toEqual({ json, status: 400, field });
    }
    expect(t.db.$client.prepare(`SELECT count(*) FROM broadcasts`).pluck().get()).toBe(0);
  });

  it('lets viewers read and preview but not create or cancel; no token is 401; unknown ids 404', async () => {
    world();
    expect((await create({ text: 'Tin', audience: { roles: ['staff'] } }, 'viewer')).status).toBe(403);
    expect((await create({ text: 'Tin', audience: { roles: ['staff'] } }, 'none')).status).toBe(401);
    const made = await create({ text: 'Tin', audience: { roles: ['staff'] } });
    expect((await t.request('POST', `/api/v1/broadcasts/${made.json.id}/cancel`, { as: 'viewer' })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/broadcasts', { as: 'viewer' })).status).toBe(200);
    expect((await get(999)).status).toBe(404);
    expect((await t.request('POST', '/api/v1/broadcasts/999/cancel', { as: 'staff' })).status).toBe(404);
  });

  it('lists newest first with counts, filtered by status', async () => {
    world();
    await create({ text: 'Một', audience: { roles: ['unit_contact'] } });
    await create({ text: 'Hai', audience: { roles: ['staff'] }, scheduledAt: '2026-05-16 08:00' });
    const all = await t.request('GET', '/api/v1/broadcasts', { as: 'viewer' });
    expect(all.json.total).toBe(2);
    expect(all.json.items.map((b: any) => [b.title, b.status, b.counts.total])).toEqual([
      ['Hai', 'scheduled', 0],
      ['Một', 'sending', 3],
    ]);
    const scheduled = await t.request('GET', '/api/v1/broadcasts?status=scheduled', { as: 'viewer' });
    expect(scheduled.json.items.map((b: any) => b.title)).toEqual(['Hai']);
  });
});

describe('scheduled broadcasts and cancelling', () => {
  it('is sent by the broadcasts job at its time, not before, to the audience of that moment, once', async () => {
    const { units } = world();
    const res = await create({ text: 'Nhắc họp giao ban', audience: { roles: ['unit_contact'] }, scheduledAt: '2026-05-15 14:00' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'scheduled', scheduledAt: '2026-05-15T14:00:00+07:00', counts: { total: 0 } });

    t.clock.set('2026-05-15T06:59:00Z'); // 13:59
    expect((await runBroadcastsJob()).detail).toMatchObject({ started: 0, queued: 0 });
    expect(outboxOf(res.json.id)).toHaveLength(0);

    // Someone linked in the meantime: recipients are resolved when sending starts.
    insertContact(t.db, { platformUserId: '9100', role: 'unit_contact', unitId: units.th.id });
    t.clock.set('2026-05-15T07:00:00Z'); // 14:00
    expect((await runBroadcastsJob()).detail).toMatchObject({ started: 1, queued: 4 });
    expect((await runBroadcastsJob()).detail).toMatchObject({ started: 0, queued: 0 });
    expect(outboxOf(res.json.id)).toHaveLength(4);
    expect((await get(res.json.id)).json).toMatchObject({ status: 'sending', startedAt: '2026-05-15T14:00:00+07:00', counts: { queued: 4 } });
  });

  it('a cancelled scheduled broadcast is never sent; cancelling twice is harmless', async () => {
    world();
    const res = await create({ text: 'Hủy sau', audience: { roles: ['unit_contact'] }, scheduledAt: '2026-05-15 14:00' });
    const cancelled = await t.request('POST', `/api/v1/broadcasts/${res.json.id}/cancel`, { as: 'staff' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: 'cancelled', cancelledAt: '2026-05-15T10:00:00+07:00' });
    expect((await t.request('POST', `/api/v1/broadcasts/${res.json.id}/cancel`, { as: 'staff' })).status).toBe(200);

    t.clock.set('2026-05-15T08:00:00Z');
    expect((await runBroadcastsJob()).detail).toMatchObject({ started: 0 });
    expect(outboxOf(res.json.id)).toHaveLength(0);
    const audit = await t.request('GET', '/api/v1/audit-log?entity=broadcast', { as: 'admin' });
    expect(audit.json.items.filter((e: any) => e.action === 'broadcast.cancel')).toHaveLength(1);
  });

  it('cancelling a broadcast being sent drops what is queued and keeps what was sent; a finished one is 409', async () => {
    world();
    const res = await create({ text: 'Giữa chừng', audience: { roles: ['unit_contact'] } });
    const [first] = outboxOf(res.json.id);
    // The sender delivered one before the cancel.
    t.db.$client.prepare(`UPDATE outbox SET status = 'sent', sent_at = ? WHERE dedupe_key = ?`).run(t.clock.now().getTime(), first!.dedupeKey);

    const cancelled = await t.request('POST', `/api/v1/broadcasts/${res.json.id}/cancel`, { as: 'staff' });
    expect(cancelled.json).toMatchObject({ status: 'cancelled', counts: { total: 3, sent: 1, queued: 0, cancelled: 2 } });

    const done = await create({ text: 'Đã xong', audience: { roles: ['staff'] } });
    t.db.$client.prepare(`UPDATE outbox SET status = 'sent', sent_at = ? WHERE broadcast_id = ?`).run(t.clock.now().getTime(), done.json.id);
    expect((await get(done.json.id)).json.status).toBe('sent');
    const refused = await t.request('POST', `/api/v1/broadcasts/${done.json.id}/cancel`, { as: 'staff' });
    expect(refused.status).toBe(409);
    expect((await runBroadcastsJob()).detail).toMatchObject({ finished: 1 });
    expect((await get(done.json.id)).json.finishedAt).toBe('2026-05-15T10:00:00+07:00');
  });
});
