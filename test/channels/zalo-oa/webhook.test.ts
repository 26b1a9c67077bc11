import { afterEach, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../../src/outbox/enqueue.js';
import { textEvent } from '../../fakes/zalo-oa-api.js';
import { startOaHarness, type OaHarness } from '../../helpers/zalo-oa.js';

let h: OaHarness;
afterEach(async () => h?.close());

const storedUpdates = (h: OaHarness) =>
  h.service.db.$client.prepare(`SELECT count(*) FROM inbound_updates WHERE channel = 'zalo_oa'`).pluck().get() as number;

describe('Zalo OA webhook', () => {
  it('answers the unsigned {} probe Zalo sends when the URL is saved with 200, and stores nothing', async () => {
    h = await startOaHarness();
    expect(await h.oa.probe()).toBe(200);
    expect(storedUpdates(h)).toBe(0);
  });

  it('refuses a wrong or missing signature with 401 and stores nothing', async () => {
    h = await startOaHarness();
    const bad = await h.oa.userSendsText('2468458835296197922', 'xin chào', { sign: 'bad' });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'unauthorized', field: 'X-ZEvent-Signature' });
    const none = await h.oa.userSendsText('2468458835296197922', 'xin chào', { sign: 'none' });
    expect(none.status).toBe(401);
    // The body signed for one timestamp does not pass with another one in the header.
    const event = textEvent({ appId: h.oa.appId, oaId: h.oa.oaId, at: Date.now() }, '2468458835296197922', 'xin chào');
    const raw = JSON.stringify(event);
    const res = await fetch(h.oa.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-timestamp': '1', 'x-zevent-signature': `mac=${'0'.repeat(64)}` },
      body: raw,
    });
    expect(res.status).toBe(401);
    expect(storedUpdates(h)).toBe(0);
    expect(h.oa.sent).toHaveLength(0);
  });

  it('accepts an event signed with the X-ZEvent-Timestamp header, stores it before the 200, and the person gets an answer', async () => {
    h = await startOaHarness();
    const res = await h.oa.userSendsText('2468458835296197922', 'xin chào', { timestampHeader: String(h.clock.now().getTime() + 5) });
    expect(res.status).toBe(200);
    expect(storedUpdates(h)).toBe(1);
    const reply = await h.oa.waitForText('2468458835296197922', /./);
    // A reply within 48 h quotes the person's message, so Zalo counts it as a free reply.
    expect(reply.replyTo).toBe((res.event.message as { msg_id: string }).msg_id);
  });

  it('after a restart, a message within 48 h still quotes the person\'s last message (a free reply)', async () => {
    h = await startOaHarness();
    const user = '2468458835296197922';
    const sent = await h.oa.userSendsText(user, 'xin chào');
    await h.oa.waitForText(user, /./);
    await h.restart();
    const before = h.oa.sent.length;
    enqueueMessage(h.service.db, h.clock.now(), { dedupeKey: 'after-restart', channel: 'zalo_oa', chatId: user, contactId: null, lane: 'reply', message: { text: 'Cán bộ đã trả lời câu hỏi của anh/chị.' } });
    h.service.sender.wake();
    const reply = await h.oa.waitForText(user, /Cán bộ đã trả lời/);
    expect(h.oa.sent.length).toBe(before + 1);
    expect(reply.replyTo).toBe((sent.event.message as { msg_id: string }).msg_id);
  });

  it('processes a redelivered event once', async () => {
    h = await startOaHarness();
    const first = await h.oa.userSendsText('2468458835296197922', 'xin chào');
    await h.oa.waitForText('2468458835296197922', /./);
    await h.service.inbox.idle();
    const outboxRows = () => h.service.db.$client.prepare(`SELECT count(*) FROM outbox WHERE channel = 'zalo_oa'`).pluck().get();
    const replies = outboxRows();
    const again = await h.oa.deliver(first.event, { numRetry: 1 });
    expect(again.status).toBe(200);
    await h.service.inbox.idle();
    expect(storedUpdates(h)).toBe(1);
    expect(outboxRows()).toBe(replies);
  });

  it('ignores events it does not use (an echo of its own send) with 200', async () => {
    h = await startOaHarness();
    const echo = { ...textEvent({ appId: h.oa.appId, oaId: h.oa.oaId, at: Date.now() }, h.oa.oaId, 'tin của OA'), event_name: 'oa_send_text' };
    expect((await h.oa.deliver(echo)).status).toBe(200);
    expect(storedUpdates(h)).toBe(0);
  });

  it('an unfollow makes the contact unreachable; following again starts over', async () => {
    h = await startOaHarness();
    const user = '2468458835296197922';
    await h.oa.userFollows(user);
    await h.oa.waitForText(user, /./);
    const status = () =>
      h.service.db.$client.prepare(`SELECT status FROM contacts WHERE channel = 'zalo_oa' AND platform_user_id = ?`).pluck().get(user);
    expect(status()).toBe('active');
    await h.oa.userFollows(user, 'unfollow');
    expect(status()).toBe('blocked');
  });
});
