import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureCitizenContact, findContactByPlatformUser, markContactBlocked, touchContact } from '../../src/domain/contacts.js';
import { openTicket } from '../../src/domain/tickets.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertUnit } from '../helpers/people.js';

let t: TestApp;
let nd1: number;
let nd2: number;
beforeEach(() => {
  t = makeTestApp();
  nd1 = insertUnit(t.db, { code: 'THPT-ND1', name: 'Trường THPT Nam Đàn 1' }).id;
  nd2 = insertUnit(t.db, { code: 'THPT-DC', name: 'Trường THPT Đô Lương' }).id;
  insertContact(t.db, { platformUserId: '101', displayName: 'Nguyễn Thị Hoa', role: 'unit_contact', unitId: nd1 });
  insertContact(t.db, { platformUserId: 'z-202', channel: 'zalo', displayName: 'Trần Văn Đức', role: 'unit_contact', unitId: nd2 });
  insertContact(t.db, { platformUserId: '303', displayName: 'Phụ huynh Lê Minh', role: 'citizen' });
  insertContact(t.db, { platformUserId: '404', displayName: 'Bị chặn', role: 'citizen', status: 'blocked' });
});
afterEach(() => t.close());

const names = (res: { json: { items: { displayName: string }[] } }) => res.json.items.map((c) => c.displayName).sort();

describe('GET /contacts', () => {
  it('lists contacts with their unit', async () => {
    const res = await t.request('GET', '/api/v1/contacts', { as: 'staff' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ total: 4, limit: 100, offset: 0 });
    const hoa = res.json.items.find((c: any) => c.displayName === 'Nguyễn Thị Hoa');
    expect(hoa).toMatchObject({
      channel: 'telegram',
      role: 'unit_contact',
      status: 'active',
      unit: { id: nd1, code: 'THPT-ND1', name: 'Trường THPT Nam Đàn 1', active: true },
    });
    expect(res.json.items.find((c: any) => c.role === 'citizen').unit).toBeNull();
  });

  it('filters by unit, role, channel, status and text (with or without diacritics)', async () => {
    expect(names(await t.request('GET', `/api/v1/contacts?unitId=${nd1}`, { as: 'staff' }))).toEqual(['Nguyễn Thị Hoa']);
    expect(names(await t.request('GET', '/api/v1/contacts?role=citizen', { as: 'staff' }))).toEqual(['Bị chặn', 'Phụ huynh Lê Minh']);
    expect(names(await t.request('GET', '/api/v1/contacts?channel=zalo', { as: 'staff' }))).toEqual(['Trần Văn Đức']);
    expect(names(await t.request('GET', '/api/v1/contacts?status=blocked', { as: 'staff' }))).toEqual(['Bị chặn']);
    expect(names(await t.request('GET', '/api/v1/contacts?q=tran%20van%20duc', { as: 'staff' }))).toEqual(['Trần Văn Đức']);
    expect(names(await t.request('GET', `/api/v1/contacts?q=${encodeURIComponent('Hoa')}`, { as: 'staff' }))).toEqual(['Nguyễn Thị Hoa']);
    expect(names(await t.request('GET', '/api/v1/contacts?q=do%20luong', { as: 'staff' }))).toEqual(['Trần Văn Đức']);
    expect(names(await t.request('GET', '/api/v1/contacts?q=303', { as: 'staff' }))).toEqual(['Phụ huynh Lê Minh']);
    const paged = await t.request('GET', '/api/v1/contacts?limit=1&offset=1&role=citizen', { as: 'staff' });
    expect(paged.json).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.json.items).toHaveLength(1);
  });

  it('names the field on bad filters', async () => {
    for (const [query, field] of [
      ['role=boss', 'role'],
      ['channel=sms', 'channel'],
      ['status=gone', 'status'],
      ['unitId=x', 'unitId'],
      ['limit=0', 'limit'],
    ]) {
      const res = await t.request('GET', `/api/v1/contacts?${query}`, { as: 'viewer' });
      expect(res.status).toBe(400);
      expect(res.json.field).toBe(field);
    }
  });
});

describe('who may see whom', () => {
  it('leaders (viewer) see no citizen; staff see citizens but nobody who sent a denunciation; admins see everyone', async () => {
    const denouncer = insertContact(t.db, { platformUserId: '505', displayName: 'Người tố cáo', role: 'citizen' });
    openTicket(t.ctx, { contactId: denouncer.id, kind: 'denunciation', text: 'Tôi là Người tố cáo, địa chỉ …, tố cáo việc thu tiền trái quy định.' });
    // A unit contact cut off who then denounced as a citizen leaves the unit's list below admin too.
    const revoked = insertContact(t.db, { platformUserId: '606', displayName: 'Đầu mối cũ', role: 'unit_contact', unitId: nd1, status: 'revoked' });
    openTicket(t.ctx, { contactId: revoked.id, kind: 'denunciation', text: 'Tố cáo của đầu mối cũ, ký tên Đầu mối cũ.' });

    expect(names(await t.request('GET', '/api/v1/contacts', { as: 'viewer' }))).toEqual(['Nguyễn Thị Hoa', 'Trần Văn Đức']);
    expect(names(await t.request('GET', '/api/v1/contacts', { as: 'staff' }))).toEqual(['Bị chặn', 'Nguyễn Thị Hoa', 'Phụ huynh Lê Minh', 'Trần Văn Đức']);
    expect(names(await t.request('GET', '/api/v1/contacts?q=to%20cao', { as: 'staff' }))).toEqual([]);
    expect(names(await t.request('GET', `/api/v1/contacts?unitId=${nd1}`, { as: 'staff' }))).toEqual(['Nguyễn Thị Hoa']);
    expect(names(await t.request('GET', '/api/v1/contacts', { as: 'admin' }))).toContain('Người tố cáo');
    expect(names(await t.request('GET', `/api/v1/contacts?unitId=${nd1}`, { as: 'admin' }))).toEqual(['Nguyễn Thị Hoa', 'Đầu mối cũ']);

    const citizen = findContactByPlatformUser(t.db, 'telegram', '303')!.id;
    expect((await t.request('GET', `/api/v1/contacts/${citizen}`, { as: 'viewer' })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/contacts/${citizen}`, { as: 'staff' })).status).toBe(200);
    const hidden = await t.request('GET', `/api/v1/contacts/${denouncer.id}`, { as: 'staff' });
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('Người tố cáo');
    expect((await t.request('POST', `/api/v1/contacts/${denouncer.id}/revoke`, { as: 'staff', json: {} })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/contacts/${denouncer.id}`, { as: 'admin' })).json.displayName).toBe('Người tố cáo');
  });
});

describe('GET /contacts/{id} and POST /contacts/{id}/revoke', () => {
  it('shows one contact, 404 for an unknown id', async () => {
    const id = findContactByPlatformUser(t.db, 'telegram', '101')!.id;
    const res = await t.request('GET', `/api/v1/contacts/${id}`, { as: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, displayName: 'Nguyễn Thị Hoa', unit: { code: 'THPT-ND1' } });
    expect((await t.request('GET', '/api/v1/contacts/999', { as: 'viewer' })).status).toBe(404);
    const bad = await t.request('GET', '/api/v1/contacts/abc', { as: 'viewer' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('id');
  });

  it('revokes with a reason, audits it, then 409; viewers cannot', async () => {
    const id = findContactByPlatformUser(t.db, 'telegram', '101')!.id;
    expect((await t.request('POST', `/api/v1/contacts/${id}/revoke`, { as: 'viewer', json: {} })).status).toBe(403);
    const res = await t.request('POST', `/api/v1/contacts/${id}/revoke`, { as: 'staff', json: { reason: 'chuyển công tác' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'revoked', revokedAt: '2026-05-15T10:00:00+07:00' });
    const again = await t.request('POST', `/api/v1/contacts/${id}/revoke`, { as: 'staff' });
    expect(again.status).toBe(409);
    expect((await t.request('POST', '/api/v1/contacts/999/revoke', { as: 'staff' })).status).toBe(404);

    const audit = await t.request('GET', `/api/v1/audit-log?entity=contact&entityId=${id}`, { as: 'admin' });
    expect(audit.json.items).toHaveLength(1);
    expect(audit.json.items[0]).toMatchObject({
      action: 'contact.revoke',
      actorType: 'api_token',
      actorLabel: 'token:test-staff',
      before: { status: 'active' },
      after: { status: 'revoked', reason: 'chuyển công tác' },
    });
  });
});

describe('contact helpers for the bot and the sender', () => {
  it('creates a citizen once, keeps the name fresh, blocks and un-blocks', () => {
    const who = { channel: 'zalo' as const, platformUserId: 'z-9', chatId: 'z-9', displayName: 'Mẹ bé Na' };
    const first = ensureCitizenContact(t.ctx, who);
    expect(first).toMatchObject({ role: 'citizen', status: 'active' });
    const again = ensureCitizenContact(t.ctx, { ...who, displayName: 'Mẹ Na' });
    expect(again.id).toBe(first.id);
    expect(again.displayName).toBe('Mẹ Na');
    // A unit contact stays a unit contact when they write again.
    expect(ensureCitizenContact(t.ctx, { channel: 'telegram', platformUserId: '101', chatId: '101', displayName: 'Nguyễn Thị Hoa' }).role).toBe('unit_contact');

    expect(markContactBlocked(t.ctx, first.id)?.status).toBe('blocked');
    t.clock.advance(60_000);
    const touched = touchContact(t.ctx, first.id)!;
    expect(touched).toMatchObject({ status: 'active', blockedAt: null });
    expect(touched.lastSeenAt).toEqual(t.clock.now());
    expect(touchContact(t.ctx, 999)).toBeUndefined();
  });

  it('does not un-revoke a contact who writes again', async () => {
    const id = findContactByPlatformUser(t.db, 'telegram', '101')!.id;
    await t.request('POST', `/api/v1/contacts/${id}/revoke`, { as: 'staff' });
    expect(markContactBlocked(t.ctx, id)?.status).toBe('revoked');
    expect(touchContact(t.ctx, id)?.status).toBe('revoked');
  });
});
