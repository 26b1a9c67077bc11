import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnit } from '../helpers/fixtures.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const plan = {
  title: 'Kế hoạch tuyên truyền điển hình "Dân vận khéo" năm 2026',
  referenceNumber: '512/KH-SGDĐT',
  issuedOn: '2026-03-02',
  description: 'Các đơn vị xây dựng kế hoạch và báo cáo kết quả.',
};

async function newCampaign(body: Record<string, unknown> = plan) {
  const res = await t.request('POST', '/api/v1/campaigns', { as: 'staff', json: body });
  expect(res.status).toBe(201);
  return res.json;
}

describe('campaigns', () => {
  it('creates, lists, reads and edits a campaign, auditing each change', async () => {
    const c = await newCampaign();
    expect(c).toMatchObject({ title: plan.title, referenceNumber: '512/KH-SGDĐT', issuedOn: '2026-03-02', status: 'open', closedAt: null });
    expect(c.createdAt).toBe('2026-05-15T10:00:00+07:00');

    await newCampaign({ title: 'Kế hoạch phòng chống đuối nước' });
    const list = await t.request('GET', '/api/v1/campaigns', { as: 'viewer' });
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(2);

    const found = await t.request('GET', '/api/v1/campaigns?q=dan%20van%20kheo', { as: 'viewer' });
    expect(found.json.items.map((x: any) => x.id)).toEqual([c.id]);
    const byRef = await t.request('GET', '/api/v1/campaigns?q=512%2FKH', { as: 'viewer' });
    expect(byRef.json.total).toBe(1);

    const patched = await t.request('PATCH', `/api/v1/campaigns/${c.id}`, { as: 'staff', json: { referenceNumber: '513/KH-SGDĐT' } });
    expect(patched.status).toBe(200);
    expect(patched.json.referenceNumber).toBe('513/KH-SGDĐT');
    expect(patched.json.title).toBe(plan.title);

    const got = await t.request('GET', `/api/v1/campaigns/${c.id}`, { as: 'viewer' });
    expect(got.json).toMatchObject({ id: c.id, referenceNumber: '513/KH-SGDĐT', requirements: [] });

    const audit = t.db.select().from(auditLog).all().filter((a) => a.entity === 'campaign');
    expect(audit.map((a) => a.action)).toEqual(['campaign.create', 'campaign.create', 'campaign.update']);
    const update = audit[2]!;
    expect(update.actorType).toBe('api_token');
    expect((update.before as any).referenceNumber).toBe('512/KH-SGDĐT');
    expect((update.after as any).referenceNumber).toBe('513/KH-SGDĐT');
  });

  it('refuses an issue date that is not a real day, naming the field', async () => {
    for (const issuedOn of ['2026-02-30', '02/03/2026', '2026-13-01']) {
      const res = await t.request('POST', '/api/v1/campaigns', { as: 'staff', json: { title: 'X', issuedOn } });
      expect(res.status).toBe(400);
      expect(res.json.field).toBe('issuedOn');
    }
    const noTitle = await t.request('POST', '/api/v1/campaigns', { as: 'staff', json: { title: '  ' } });
    expect(noTitle.status).toBe(400);
    expect(noTitle.json.field).toBe('title');
  });

  it('answers 404 for unknown campaigns and checks roles', async () => {
    expect((await t.request('GET', '/api/v1/campaigns/999', { as: 'viewer' })).status).toBe(404);
    expect((await t.request('PATCH', '/api/v1/campaigns/999', { as: 'staff', json: { title: 'x' } })).status).toBe(404);
    expect((await t.request('POST', '/api/v1/campaigns/999/close', { as: 'staff' })).status).toBe(404);
    expect((await t.request('POST', '/api/v1/campaigns', { as: 'viewer', json: plan })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/campaigns', { as: 'none' })).status).toBe(401);
  });

  it('closing a campaign closes its open requirements and refuses new ones', async () => {
    insertUnit(t.db, { code: 'PGD-ND', name: 'Phòng GDĐT Nam Đàn', kind: 'phong_gddt' });
    const c = await newCampaign();
    const req = await t.request('POST', `/api/v1/campaigns/${c.id}/requirements`, {
      as: 'staff',
      json: { title: 'Gửi kế hoạch', kind: 'plan', dueAt: '2026-05-23', audience: { unitKinds: ['phong_gddt'] } },
    });
    expect(req.status).toBe(201);

    t.clock.advance(60_000);
    const closed = await t.request('POST', `/api/v1/campaigns/${c.id}/close`, { as: 'staff' });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ status: 'closed', closedAt: '2026-05-15T10:01:00+07:00' });

    const got = await t.request('GET', `/api/v1/campaigns/${c.id}`, { as: 'viewer' });
    expect(got.json.requirements[0]).toMatchObject({ id: req.json.id, status: 'closed' });

    const refused = await t.request('POST', `/api/v1/campaigns/${c.id}/requirements`, {
      as: 'staff',
      json: { title: 'Báo cáo', kind: 'report', dueAt: '2026-06-30', audience: { unitKinds: ['phong_gddt'] } },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('closed');

    const open = await t.request('GET', '/api/v1/campaigns?status=open', { as: 'viewer' });
    expect(open.json.total).toBe(0);
    const closeAudit = t.db.select().from(auditLog).all().find((a) => a.action === 'campaign.close');
    expect((closeAudit!.after as any).closedRequirementIds).toEqual([req.json.id]);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await t.request('GET', '/api/openapi.json', { as: 'none' });
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(['/api/v1/campaigns', '/api/v1/campaigns/{id}', '/api/v1/campaigns/{id}/close']),
    );
  });
});
