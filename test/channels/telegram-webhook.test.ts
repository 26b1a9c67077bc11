import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPlan, startHarness, type Harness } from '../helpers/service.js';

const teacher = { id: 6661001, firstName: 'Phúc', lastName: 'Trần' };
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ webhook: true });
});
afterEach(async () => {
  await h.close();
});

describe('Telegram webhook mode', () => {
  it('registers the webhook with the secret token', async () => {
    const calls = h.fake.callsTo('setWebhook');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.params).toMatchObject({ url: `${h.webhookBase}/telegram/webhook`, secret_token: 'test-webhook-secret_123' });
  });

  it('links and answers through the webhook; a redelivered update is processed once', async () => {
    const { code } = await seedPlan(h);
    const update = await h.fake.userSendsCommand(teacher, '/start', code);
    await h.fake.waitForText(teacher.id, /liên kết với đơn vị: Trường THPT Thử Nghiệm/);
    await h.fake.redeliver(update.update_id);
    await h.service.inbox.idle();
    await h.fake.userSendsText(teacher, '/status');
    await h.fake.waitForText(teacher.id, /Việc cần nộp/);
    const linkReplies = h.fake.sentMessages(teacher.id).filter((m) => m.text.includes('liên kết với đơn vị'));
    expect(linkReplies).toHaveLength(1);
    const stored = h.service.db.$client
      .prepare(`SELECT count(*) AS n FROM inbound_updates WHERE update_id = ?`)
      .get(String(update.update_id)) as { n: number };
    expect(stored.n).toBe(1);
    expect(h.fake.webhookDeliveries.filter((d) => d.updateId === update.update_id).map((d) => d.status)).toEqual([200, 200]);
  });

  it('refuses a wrong or missing secret token without storing anything', async () => {
    const body = JSON.stringify({ update_id: 42, message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, from: { id: 1, is_bot: false, first_name: 'x' }, text: 'hi' } });
    const wrong = await fetch(`${h.webhookBase}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'not-the-secret' },
      body,
    });
    expect(wrong.status).toBe(403);
    const missing = await fetch(`${h.webhookBase}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(403);
    const garbage = await fetch(`${h.webhookBase}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'test-webhook-secret_123' },
      body: '{not json',
    });
    expect(garbage.status).toBe(400);
    const n = h.service.db.$client.prepare('SELECT count(*) AS n FROM inbound_updates').get() as { n: number };
    expect(n.n).toBe(0);
  });
});
