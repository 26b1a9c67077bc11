import { afterEach, describe, expect, it } from 'vitest';
import { TelegramChannelSender } from '../../src/channels/telegram/sender.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { visibleText } from '../fakes/telegram-message-rules.js';
import { startBroadcastWorld, type BroadcastWorld } from '../helpers/broadcast-world.js';
import { startHarness, type Harness } from '../helpers/service.js';

let w: BroadcastWorld | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await w?.close();
  await h?.close();
  w = undefined;
  h = undefined;
});

const TELEGRAM_LIKE = { enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1 } };

describe('broadcasts delivered through the fake Telegram Bot API', () => {
  it('arrives as Telegram HTML with the "Đã nhận" button when acknowledgement is required', async () => {
    w = await startBroadcastWorld(TELEGRAM_LIKE);
    const people = w.addCitizens(3);
    const id = await w.broadcast({
      text: '**Thông báo** tuyển sinh lớp 10: xem [hướng dẫn](https://sgddt.example.vn/ts10?nam=2026&dot=1)\nĐiểm chuẩn < 20 & > 15 _dự kiến_.',
      requireAck: true,
    });
    await w.drain();

    for (const p of people) {
      const [m] = w.fake.sentMessages(p.chatId);
      expect(m!.parseMode).toBe('HTML');
      expect(m!.text).toBe(
        '<b>Thông báo</b> tuyển sinh lớp 10: xem <a href="https://sgddt.example.vn/ts10?nam=2026&amp;dot=1">hướng dẫn</a>\n' +
          'Điểm chuẩn &lt; 20 &amp; &gt; 15 <i>dự kiến</i>.',
      );
      expect(visibleText(m!.text, m!.parseMode)).toBe('Thông báo tuyển sinh lớp 10: xem hướng dẫn\nĐiểm chuẩn < 20 & > 15 dự kiến.');
      expect(m!.buttons).toEqual([[{ text: '✅ Đã nhận', callback_data: `ack:${id}` }]]);
    }
    expect(await w.status(id)).toMatchObject({ status: 'sent', counts: { total: 3, sent: 3, acked: 0 }, notAcknowledged: { total: 3 } });
  });

  it('cancelled mid-way: what was sent stays sent, the rest is dropped and never reaches Telegram', async () => {
    w = await startBroadcastWorld(TELEGRAM_LIKE);
    w.addCitizens(60);
    const id = await w.broadcast({ text: 'Lịch nghỉ hè 2026' });
    // About one simulated second at 25 messages a second.
    for (let step = 0; step < 25; step++) {
      await w.sender.tick();
      w.t.clock.advance(40);
    }
    const sentBefore = w.fake.stats().sent;
    expect(sentBefore).toBeGreaterThan(10);
    expect(sentBefore).toBeLessThan(60);

    const cancelled = await w.t.request('POST', `/api/v1/broadcasts/${id}/cancel`, { as: 'staff' });
    expect(cancelled.status).toBe(200);
    await w.drain(500);

    expect(w.fake.stats().sent).toBe(sentBefore);
    expect(await w.status(id)).toMatchObject({
      status: 'cancelled',
      counts: { total: 60, sent: sentBefore, cancelled: 60 - sentBefore, queued: 0, sending: 0, failed: { total: 0 } },
    });
  });

  it('blocked recipients count as failed "blocked" after exactly one call each, and are left out of the next broadcast', async () => {
    w = await startBroadcastWorld(TELEGRAM_LIKE);
    const people = w.addCitizens(30);
    const blocked = [people[3]!, people[11]!, people[12]!, people[29]!];
    for (const p of blocked) w.fake.blockChat(p.chatId);

    const id = await w.broadcast({ text: 'Thông báo 1' });
    await w.drain();

    const calls = (chatId: number) => w!.fake.callsTo('sendMessage').filter((c) => Number(c.params.chat_id) === chatId).length;
    for (const p of blocked) expect(calls(p.chatId)).toBe(1);
    expect(w.fake.stats().tooManyRequests).toBe(0);
    expect(await w.status(id)).toMatchObject({ counts: { total: 30, sent: 26, failed: { total: 4, byReason: { blocked: 4 } } } });

    const next = await w.broadcast({ text: 'Thông báo 2' });
    await w.drain();
    expect(await w.status(next)).toMatchObject({ counts: { total: 26, sent: 26, failed: { total: 0 } } });
    for (const p of blocked) expect(calls(p.chatId)).toBe(1);
  });

  it('a process killed mid-broadcast: after restart every remaining message is delivered, duplicates only among those in flight', async () => {
    w = await startBroadcastWorld(TELEGRAM_LIKE);
    const people = w.addCitizens(40);
    const id = await w.broadcast({ text: 'Kế hoạch kiểm tra cuối năm' });
    for (let step = 0; step < 10; step++) {
      await w.sender.tick();
      w.t.clock.advance(40);
    }
    // The process dies holding 5 claimed rows; 3 of those had reached Telegram, unrecorded.
    const sqlite = w.t.db.$client;
    const inFlight = sqlite
      .prepare(`SELECT id, chat_id AS chatId, payload FROM outbox WHERE broadcast_id = ? AND status = 'queued' ORDER BY id LIMIT 5`)
      .all(id) as { id: number; chatId: string; payload: string }[];
    const claim = sqlite.prepare(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_at = ? WHERE id = ?`);
    for (const row of inFlight) claim.run(w.t.clock.now().getTime(), row.id);
    const deadProcess = new TelegramChannelSender(w.bot, () => w!.t.ctx);
    for (const row of inFlight.slice(0, 3)) await deadProcess.send(row.chatId, JSON.parse(row.payload) as OutboundMessage);

    w.t.clock.advance(5_000);
    const restarted = w.replaceSender();
    expect(restarted.recoverInFlight()).toBe(5);
    await w.drain();

    const received = people.map((p) => w!.fake.sentMessages(p.chatId).length);
    expect(received.every((n) => n >= 1)).toBe(true);
    const duplicated = people.filter((_, i) => received[i]! > 1).map((p) => String(p.chatId));
    expect(duplicated.length).toBeLessThanOrEqual(inFlight.length);
    expect(duplicated.sort()).toEqual(inFlight.slice(0, 3).map((r) => r.chatId).sort());
    expect(Math.max(...received)).toBe(2);
    expect(await w.status(id)).toMatchObject({ status: 'sent', counts: { total: 40, sent: 40 } });
  });
});

describe('acknowledging through the bot', () => {
  it('"Đã nhận" records the ack once, thanks the person, and drops them from notAcknowledged', async () => {
    h = await startHarness();
    const db = h.service.db;
    const now = Date.now();
    const insert = db.$client.prepare(
      `INSERT INTO contacts (channel, platform_user_id, chat_id, display_name, role, status, created_at, updated_at)
       VALUES ('telegram', ?, ?, ?, 'staff', 'active', ?, ?) RETURNING id`,
    );
    const ha = { id: 5552001, firstName: 'Thu', lastName: 'Hà' };
    const other = { id: 5552002, firstName: 'Văn', lastName: 'Phúc' };
    const haId = (insert.get(String(ha.id), String(ha.id), 'Thu Hà', now, now) as { id: number }).id;
    const otherId = (insert.get(String(other.id), String(other.id), 'Văn Phúc', now, now) as { id: number }).id;

    const created = await h.api('POST', '/api/v1/broadcasts', {
      text: 'Họp giao ban lúc **14:00** chiều nay.',
      audience: { roles: ['staff'] },
      requireAck: true,
    });
    expect(created.status).toBe(201);
    const id = created.json.id as number;
    const message = await h.fake.waitForText(ha.id, /Họp giao ban/);
    await h.fake.waitForText(other.id, /Họp giao ban/);

    await h.fake.userPressesButton(ha, message, `ack:${id}`);
    const thanks = await h.fake.waitForText(ha.id, /Đã ghi nhận/);
    expect(thanks.text).toBe('Đã ghi nhận, cảm ơn anh/chị.');

    const after = await h.api('GET', `/api/v1/broadcasts/${id}`);
    expect(after.json.counts.acked).toBe(1);
    expect(after.json.notAcknowledged.items.map((p: any) => p.contactId)).toEqual([otherId]);
    expect(after.json.notAcknowledged.items).not.toContainEqual(expect.objectContaining({ contactId: haId }));

    // Pressing again: thanked again, nothing doubled.
    const before = h.fake.sentMessages(ha.id).length;
    await h.fake.userPressesButton(ha, message, `ack:${id}`);
    await h.fake.waitForMessages(ha.id, before + 1);
    const again = await h.api('GET', `/api/v1/broadcasts/${id}`);
    expect(again.json.counts.acked).toBe(1);
    expect(again.json.notAcknowledged.total).toBe(1);
  });
});
