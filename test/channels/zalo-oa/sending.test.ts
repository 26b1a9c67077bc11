import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/domain/context.js';
import { storeFile } from '../../../src/domain/files.js';
import { currentOaTokens } from '../../../src/domain/zalo-oa-tokens.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { enqueueMessage } from '../../../src/outbox/enqueue.js';
import { pdfBytes, pngBytes, xlsxBytes } from '../../helpers/sample-files.js';
import { startOaHarness, type OaHarness } from '../../helpers/zalo-oa.js';

const DAY = 24 * 3600_000;
let h: OaHarness;
afterEach(async () => h?.close());

/** OA people as staff contacts (a broadcast to roles: ['staff'] reaches them). */
function staffOnOa(h: OaHarness, userIds: string[]): void {
  const now = Date.now();
  const insert = h.service.db.$client.prepare(
    `INSERT INTO contacts (channel, platform_user_id, chat_id, display_name, role, status, created_at, updated_at)
     VALUES ('zalo_oa', ?, ?, ?, 'staff', 'active', ?, ?)`,
  );
  for (const id of userIds) insert.run(id, id, `Cán bộ ${id.slice(-3)}`, now, now);
}

async function broadcastAndSettle(h: OaHarness, text: string): Promise<any> {
  const created = await h.api('POST', '/api/v1/broadcasts', { text, audience: { roles: ['staff'] } });
  expect(created.status).toBe(201);
  const id = created.json.id as number;
  for (let i = 0; i < 500; i++) {
    const left = h.service.db.$client.prepare(`SELECT count(*) FROM outbox WHERE broadcast_id = ? AND status IN ('queued', 'sending')`).pluck().get(id);
    if (left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return (await h.api('GET', `/api/v1/broadcasts/${id}`)).json;
}

describe('Zalo OA sending: the interaction window and quota', () => {
  it('does not attempt a message to someone silent for over 7 days or without replies left, and reports why', async () => {
    h = await startOaHarness();
    const [open, silent, spent] = ['1000000000000000001', '1000000000000000002', '1000000000000000003'];
    staffOnOa(h, [open, silent, spent]);
    const now = h.clock.now().getTime();
    h.oa.setLastInteraction(open, now - 3 * DAY);
    h.oa.setLastInteraction(silent, now - 8 * DAY);
    h.oa.setLastInteraction(spent, now - 2 * 3600_000, 0);

    const status = await broadcastAndSettle(h, 'Họp giao ban lúc 14:00 chiều nay.');
    expect(status.counts).toMatchObject({ total: 3, sent: 1, failed: { total: 2, byReason: { window_closed: 1, quota: 1 } } });
    expect(h.oa.textsTo(open)).toEqual(['Họp giao ban lúc 14:00 chiều nay.']);
    // Past 48 h the message does not quote an old message: it is not a free reply.
    expect(h.oa.sent[0]!.replyTo).toBeUndefined();
    // Not attempted: Zalo saw no send for them at all.
    expect(h.oa.refusedSends).toEqual([]);
    const rows = h.service.db.$client
      .prepare(`SELECT chat_id AS chatId, status, failure_reason AS reason, attempts FROM outbox WHERE channel = 'zalo_oa' ORDER BY chat_id`)
      .all();
    expect(rows).toEqual([
      { chatId: open, status: 'sent', reason: null, attempts: 1 },
      { chatId: silent, status: 'failed', reason: 'window_closed', attempts: 1 },
      { chatId: spent, status: 'failed', reason: 'quota', attempts: 1 },
    ]);
  });

  it('a send refused with -230 (Zalo saw the window closed first) fails as window_closed without a retry', async () => {
    h = await startOaHarness();
    const user = '1000000000000000004';
    staffOnOa(h, [user]);
    h.oa.setLastInteraction(user, h.clock.now().getTime() - DAY);
    h.oa.failNext('/v3.0/oa/message/cs', { error: -230, message: 'User has not interacted with the OA in the last 7 days' });
    const status = await broadcastAndSettle(h, 'Thông báo');
    expect(status.counts.failed.byReason).toEqual({ window_closed: 1 });
    expect(h.oa.refusedSends).toHaveLength(1);
  });
});

describe('Zalo OA sending: the access token', () => {
  it('-124 on a send forces one refresh, and the message goes out with the new token', async () => {
    h = await startOaHarness();
    const user = '1000000000000000005';
    staffOnOa(h, [user]);
    h.oa.setLastInteraction(user, h.clock.now().getTime() - 3600_000);
    const before = currentOaTokens({ db: h.service.db })!;
    h.oa.revokeAccessToken(before.accessToken);
    const status = await broadcastAndSettle(h, 'Lịch trực tuần này');
    expect(status.counts).toMatchObject({ sent: 1 });
    expect(h.oa.tokenCalls.filter((c) => c.grant === 'refresh_token')).toHaveLength(1);
    const after = currentOaTokens({ db: h.service.db })!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
  });

  it('a refresh refused for good: /healthz says degraded, the digest tells staff, messages wait, and nothing is retried in a loop', async () => {
    h = await startOaHarness();
    const user = '1000000000000000006';
    staffOnOa(h, [user]);
    h.oa.setLastInteraction(user, h.clock.now().getTime() - 3600_000);
    expect((await h.service.app.request('/healthz')).status).toBe(200);
    expect(await (await h.service.app.request('/healthz')).json()).toMatchObject({ status: 'ok', zaloOa: 'connected' });

    h.clock.advance(26 * 3600_000); // the access token expired
    h.oa.failNext('/v4/oa/access_token', { error: -14014, message: 'Invalid refresh token.' });
    const created = await h.api('POST', '/api/v1/broadcasts', { text: 'Thông báo khẩn', audience: { roles: ['staff'] } });
    const id = created.json.id as number;
    for (let i = 0; i < 50 && h.oa.tokenCalls.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    // The sender keeps the row queued (the channel waits, as on a refused bot token) and tries again later.
    for (let i = 0; i < 5; i++) {
      h.clock.advance(61_000);
      h.service.sender.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(h.oa.tokenCalls.filter((c) => c.grant === 'refresh_token')).toHaveLength(1);
    expect(h.oa.sent).toHaveLength(0);
    const health = await h.service.app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', zaloOa: 'needs_reconnect' });
    const outbox = h.service.db.$client.prepare(`SELECT status FROM outbox WHERE broadcast_id = ?`).pluck().all(id);
    expect(outbox).toEqual(['queued']);

    // The daily digest carries the alert to staff on every channel.
    const telegramStaff = 7770001;
    const now = Date.now();
    h.service.db.$client
      .prepare(`INSERT INTO contacts (channel, platform_user_id, chat_id, display_name, role, status, created_at, updated_at) VALUES ('telegram', ?, ?, 'Lan', 'staff', 'active', ?, ?)`)
      .run(String(telegramStaff), String(telegramStaff), now, now);
    expect((await h.api('POST', '/api/v1/jobs/digest/run')).status).toBe(200);
    const digest = await h.fake.waitForText(telegramStaff, /Zalo OA mất kết nối/);
    expect(digest.text).toContain('/admin/zalo-oa');
  });
});

describe('Zalo OA sending: files', () => {
  it('uploads a PDF and an image and sends them; a file the OA cannot carry is announced in the text', async () => {
    h = await startOaHarness();
    const user = '1000000000000000007';
    h.oa.setLastInteraction(user, h.clock.now().getTime() - 3600_000);
    const ctx = { db: h.service.db, clock: h.clock, log: silentLogger, actor: systemActor('test'), timeZone: h.config.timeZone, filesDir: h.config.filesDir };
    const pdf = await storeFile(ctx, { bytes: pdfBytes(), originalName: 'Kế hoạch.pdf', source: 'api' });
    const png = await storeFile(ctx, { bytes: pngBytes(), originalName: 'lich.png', source: 'api' });
    const xlsx = await storeFile(ctx, { bytes: await xlsxBytes(), originalName: 'danh-sach.xlsx', source: 'api' });
    const send = (key: string, text: string, fileId: number) =>
      enqueueMessage(h.service.db, h.clock.now(), { dedupeKey: key, channel: 'zalo_oa', chatId: user, contactId: null, lane: 'reply', message: { text, fileId } });
    send('f1', 'Kế hoạch đính kèm', pdf.id);
    send('f2', '', png.id);
    send('f3', 'Danh sách đơn vị', xlsx.id);
    h.service.sender.wake();
    await h.oa.waitForText(user, /Danh sách đơn vị/);
    const files = h.oa.sent.filter((m) => m.userId === user && (m.fileName || m.image));
    expect(files.map((m) => m.fileName ?? 'image')).toEqual(['Kế hoạch.pdf', 'image']);
    expect(h.oa.uploaded(files[1]!.image!)).toMatchObject({ name: 'lich.png' });
    expect(h.oa.textsTo(user)).toEqual(['Kế hoạch đính kèm', expect.stringMatching(/^Danh sách đơn vị\n\n📎 .*chưa gửi được/)]);
  });
});
