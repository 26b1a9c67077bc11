import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeBroadcast, deliveryCounts, pendingAcknowledgements } from '../../src/domain/broadcast-status.js';
import { createBroadcast, previewAudience } from '../../src/domain/broadcasts.js';
import { DomainError } from '../../src/core/errors.js';
import { listTopics, subscribe, topicsOf, unsubscribe } from '../../src/domain/subscriptions.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact } from '../helpers/people.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
});
afterEach(() => t.close());

/** n citizens on Telegram subscribed to `topic`, inserted with two statements. */
function insertSubscribedCitizens(n: number, topic: string): void {
  const now = t.clock.now().getTime();
  const contact = t.db.$client.prepare(
    `INSERT INTO contacts (channel, platform_user_id, chat_id, display_name, role, status, created_at, updated_at)
     VALUES ('telegram', ?, ?, ?, 'citizen', 'active', ?, ?)`,
  );
  t.db.transaction(() => {
    for (let i = 0; i < n; i++) contact.run(String(700_000 + i), String(700_000 + i), `Phụ huynh ${i}`, now, now);
    t.db.$client
      .prepare(`INSERT INTO subscriptions (contact_id, topic, created_at) SELECT id, ?, ? FROM contacts WHERE role = 'citizen'`)
      .run(topic, now);
  });
}

describe('subscriptions', () => {
  it('subscribing twice keeps one row; unsubscribing removes it; topics are keys', () => {
    const parent = insertContact(t.db, { platformUserId: '8001', role: 'citizen' });
    expect(subscribe(t.ctx, { contactId: parent.id, topic: 'tuyen-sinh' })).toBe(true);
    expect(subscribe(t.ctx, { contactId: parent.id, topic: 'tuyen-sinh' })).toBe(false);
    subscribe(t.ctx, { contactId: parent.id, topic: 'hoc-phi' });
    expect(topicsOf(t.ctx, parent.id)).toEqual(['hoc-phi', 'tuyen-sinh']);
    expect(listTopics(t.ctx)).toEqual([
      { topic: 'hoc-phi', subscribers: 1 },
      { topic: 'tuyen-sinh', subscribers: 1 },
    ]);
    expect(unsubscribe(t.ctx, { contactId: parent.id, topic: 'hoc-phi' })).toBe(true);
    expect(topicsOf(t.ctx, parent.id)).toEqual(['tuyen-sinh']);
    expect(() => subscribe(t.ctx, { contactId: parent.id, topic: 'Tuyển sinh' })).toThrow(DomainError);
    expect(() => subscribe(t.ctx, { contactId: 999, topic: 'hoc-phi' })).toThrow(/contact 999 not found/);
  });
});

describe('acknowledgements', () => {
  it('records the time once; a second press changes nothing; a stranger is not a recipient', () => {
    const a = insertContact(t.db, { platformUserId: '8101', displayName: 'Cô An', role: 'staff' });
    const b = insertContact(t.db, { platformUserId: '8102', displayName: 'Thầy Bình', role: 'staff' });
    const outsider = insertContact(t.db, { platformUserId: '8103', role: 'citizen' });
    const bc = createBroadcast(t.ctx, { text: 'Họp lúc 14:00', audience: { roles: ['staff'] }, requireAck: true });

    t.clock.advance(60_000);
    expect(acknowledgeBroadcast(t.ctx, { broadcastId: bc.id, contactId: a.id })).toBe('recorded');
    t.clock.advance(60_000);
    expect(acknowledgeBroadcast(t.ctx, { broadcastId: bc.id, contactId: a.id })).toBe('already');
    expect(acknowledgeBroadcast(t.ctx, { broadcastId: bc.id, contactId: outsider.id })).toBe('not_a_recipient');

    const ackedAt = t.db.$client
      .prepare(`SELECT acked_at FROM broadcast_deliveries WHERE broadcast_id = ? AND contact_id = ?`)
      .pluck()
      .get(bc.id, a.id);
    expect(ackedAt).toBe(new Date('2026-05-15T03:01:00Z').getTime());
    expect(deliveryCounts(t.db, bc.id).acked).toBe(1);
    expect(pendingAcknowledgements(t.db, bc.id, { limit: 10, offset: 0 }).items.map((p) => p.contactId)).toEqual([b.id]);
  });
});

describe('queueing at scale', () => {
  it('queues 10,000 recipients (outbox, deliveries, timeline) in one transaction well under a second', () => {
    insertSubscribedCitizens(10_000, 'thong-bao-chung');
    expect(previewAudience(t.ctx, { roles: ['citizen'] }).total).toBe(10_000);

    const started = performance.now();
    const bc = createBroadcast(t.ctx, { text: '**Thông báo** lịch nghỉ hè', audience: { roles: ['citizen'] }, requireAck: true });
    const ms = performance.now() - started;

    expect(bc.queued).toBe(10_000);
    const count = (sql: string) => t.db.$client.prepare(sql).pluck().get(bc.id);
    expect(count(`SELECT count(*) FROM outbox WHERE broadcast_id = ?`)).toBe(10_000);
    expect(count(`SELECT count(*) FROM broadcast_deliveries WHERE broadcast_id = ? AND outbox_id IS NOT NULL`)).toBe(10_000);
    expect(count(`SELECT count(*) FROM timeline_messages WHERE outbox_id IN (SELECT id FROM outbox WHERE broadcast_id = ?)`)).toBe(10_000);
    // Well under a second on a laptop; generous here so a busy CI machine does not flake.
    expect(ms).toBeLessThan(1500);
  });
});
