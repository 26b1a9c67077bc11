import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, contacts, invites } from '../../src/db/schema/index.js';
import { DomainError } from '../../src/core/errors.js';
import { createInvite, createStaffInvite, redeemInvite, REDEEM_REFUSAL_TEXT, revokeInvite, type RedeemInput } from '../../src/domain/invites.js';
import { revokeContact } from '../../src/domain/contacts.js';
import { withActor } from '../../src/domain/context.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertContact, insertStaffUser, insertUnit } from '../helpers/people.js';

let t: TestApp;
let unit: { id: number; code: string; name: string };
beforeEach(() => {
  t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
  unit = insertUnit(t.db, { code: 'PGD-NAMDAN', name: 'Phòng GDĐT Nam Đàn', kind: 'phong_gddt' });
});
afterEach(() => t.close());

const hoa = (over: Partial<RedeemInput> = {}): Omit<RedeemInput, 'code'> => ({
  channel: 'telegram',
  platformUserId: '5001',
  chatId: '5001',
  displayName: 'Nguyễn Thị Hoa',
  ...over,
});

function refusal(fn: () => unknown): { field?: string; reason?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'invalid') return { field: e.field, reason: (e.details as { reason: string }).reason };
    throw e;
  }
  throw new Error('expected the code to be refused');
}

const contactCount = () => t.db.select().from(contacts).all().length;

describe('redeemInvite', () => {
  it('links the person to the unit, uses the code up and audits it', () => {
    const invite = createInvite(t.ctx, { unitId: unit.id }, 'CauNoiBot');
    const bot = withActor(t.ctx, { type: 'system', label: 'telegram-bot' });
    const result = redeemInvite(bot, { code: `  ${invite.code.toLowerCase()} `, ...hoa() });
    expect(result.role).toBe('unit_contact');
    expect(result.unit?.name).toBe('Phòng GDĐT Nam Đàn');
    expect(result.contact).toMatchObject({ role: 'unit_contact', unitId: unit.id, status: 'active', displayName: 'Nguyễn Thị Hoa' });
    expect(result.contact.consentAt).toEqual(t.clock.now());

    const row = t.db.select().from(invites).where(eq(invites.id, invite.id)).get()!;
    expect(row.usedAt).toEqual(t.clock.now());
    expect(row.usedByContactId).toBe(result.contact.id);

    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'invite.redeem')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'system', actorLabel: 'telegram-bot', entity: 'invite', entityId: String(invite.id) });
  });

  it('refuses an unknown code and creates nothing', () => {
    expect(refusal(() => redeemInvite(t.ctx, { code: 'ZZZZZZZZ', ...hoa() }))).toEqual({ field: 'code', reason: 'unknown' });
    expect(refusal(() => redeemInvite(t.ctx, { code: '   ', ...hoa() })).reason).toBe('unknown');
    expect(contactCount()).toBe(0);
    expect(REDEEM_REFUSAL_TEXT.unknown).toMatch(/Mã mời không đúng/);
  });

  it('refuses a used code: a second person cannot take it', () => {
    const invite = createInvite(t.ctx, { unitId: unit.id }, null);
    redeemInvite(t.ctx, { code: invite.code, ...hoa() });
    const r = refusal(() => redeemInvite(t.ctx, { code: invite.code, ...hoa({ platformUserId: '6002', chatId: '6002', displayName: 'Kẻ lạ' }) }));
    expect(r).toEqual({ field: 'code', reason: 'used' });
    expect(contactCount()).toBe(1);
  });

  it('refuses an expired code', () => {
    const invite = createInvite(t.ctx, { unitId: unit.id, expiresInHours: 24 }, null);
    t.clock.advance(24 * 3600_000);
    expect(refusal(() => redeemInvite(t.ctx, { code: invite.code, ...hoa() })).reason).toBe('expired');
    expect(contactCount()).toBe(0);
  });

  it('refuses a revoked code', () => {
    const invite = createInvite(t.ctx, { unitId: unit.id }, null);
    revokeInvite(t.ctx, invite.id);
    expect(refusal(() => redeemInvite(t.ctx, { code: invite.code, ...hoa() })).reason).toBe('revoked');
    expect(contactCount()).toBe(0);
  });

  it('refuses a code whose unit has since been deactivated', () => {
    const invite = createInvite(t.ctx, { unitId: unit.id }, null);
    t.db.$client.prepare('UPDATE units SET active = 0 WHERE id = ?').run(unit.id);
    expect(refusal(() => redeemInvite(t.ctx, { code: invite.code, ...hoa() })).reason).toBe('unit_inactive');
    expect(contactCount()).toBe(0);
  });

  it('a racing claim that loses leaves no contact behind', () => {
    const invite = createInvite(t.ctx, { unitId: unit.id }, null);
    // Simulate another process claiming the code between our read and our update.
    t.db.$client.exec(`CREATE TRIGGER steal BEFORE INSERT ON contacts BEGIN
      UPDATE invites SET used_at = 1 WHERE id = ${invite.id}; END`);
    expect(refusal(() => redeemInvite(t.ctx, { code: invite.code, ...hoa() })).reason).toBe('used');
    t.db.$client.exec('DROP TRIGGER steal');
    expect(contactCount()).toBe(0);
    expect(t.db.select().from(invites).where(eq(invites.id, invite.id)).get()!.usedAt).toBeNull();
  });

  it('turns a citizen into the unit contact', () => {
    const citizen = insertContact(t.db, { platformUserId: '5001', role: 'citizen', displayName: 'Hoa' });
    const invite = createInvite(t.ctx, { unitId: unit.id }, null);
    const { contact } = redeemInvite(t.ctx, { code: invite.code, ...hoa() });
    expect(contact.id).toBe(citizen.id);
    expect(contact).toMatchObject({ role: 'unit_contact', unitId: unit.id, status: 'active' });
    expect(contactCount()).toBe(1);
  });

  it('re-links a revoked contact with a fresh code', () => {
    const first = redeemInvite(t.ctx, { code: createInvite(t.ctx, { unitId: unit.id }, null).code, ...hoa() });
    revokeContact(t.ctx, first.contact.id, { reason: 'chuyển công tác' });
    t.clock.advance(3600_000);
    const again = redeemInvite(t.ctx, { code: createInvite(t.ctx, { unitId: unit.id }, null).code, ...hoa({ channel: 'telegram' }) });
    expect(again.contact.id).toBe(first.contact.id);
    expect(again.contact).toMatchObject({ status: 'active', revokedAt: null, role: 'unit_contact' });
    expect(again.contact.consentAt).toEqual(t.clock.now());
  });

  it('links the same person separately per channel', () => {
    redeemInvite(t.ctx, { code: createInvite(t.ctx, { unitId: unit.id }, null).code, ...hoa() });
    const zalo = redeemInvite(t.ctx, { code: createInvite(t.ctx, { unitId: unit.id }, null).code, ...hoa({ channel: 'zalo', platformUserId: 'z-77', chatId: 'z-77' }) });
    expect(zalo.contact.channel).toBe('zalo');
    expect(contactCount()).toBe(2);
  });

  it('links a staff member’s chat and refuses it once the staff user is deactivated', () => {
    const user = insertStaffUser(t.db, { username: 'lan.tt' });
    const ok = redeemInvite(t.ctx, { code: createStaffInvite(t.ctx, { staffUserId: user.id }, null).code, ...hoa() });
    expect(ok).toMatchObject({ role: 'staff', unit: null, contact: { role: 'staff', staffUserId: user.id, unitId: null } });
    const later = createStaffInvite(t.ctx, { staffUserId: user.id }, null);
    t.db.$client.prepare('UPDATE staff_users SET active = 0 WHERE id = ?').run(user.id);
    expect(refusal(() => redeemInvite(t.ctx, { code: later.code, ...hoa({ platformUserId: '9', chatId: '9' }) })).reason).toBe('staff_inactive');
  });
});
