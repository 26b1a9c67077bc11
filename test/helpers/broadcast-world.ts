/**
 * The admin API (makeTestApp) plus the outbox sender and the real telegraf client talking to
 * the fake Bot API, all on one ManualClock: create broadcasts through the API, then drive the
 * sender by hand with tick() and clock steps.
 */
import { Telegraf } from 'telegraf';
import { telegramLimits, type TelegramLimitOptions } from '../../src/channels/telegram/limits.js';
import { TelegramChannelSender } from '../../src/channels/telegram/sender.js';
import { markContactBlocked } from '../../src/domain/contacts.js';
import { silentLogger } from '../../src/lib/logger.js';
import { Sender } from '../../src/outbox/sender.js';
import { FakeTelegramBotApi, type RateLimitOptions } from '../fakes/telegram-bot-api.js';
import { makeTestApp } from './app.js';

export type BroadcastWorld = Awaited<ReturnType<typeof startBroadcastWorld>>;

export async function startBroadcastWorld(opts: { limits?: TelegramLimitOptions; enforceLimits?: RateLimitOptions } = {}) {
  const t = makeTestApp({ now: '2026-05-15T03:00:00Z' });
  const fake = await FakeTelegramBotApi.start({ clock: t.clock, enforceLimits: opts.enforceLimits });
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  const makeSender = () =>
    new Sender({
      db: t.db,
      clock: t.clock,
      log: silentLogger,
      channels: [new TelegramChannelSender(bot, () => t.ctx)],
      limits: { telegram: telegramLimits(opts.limits ?? { perSecond: 25, chatPerSecond: 1, chatBurst: 1 }) },
      onBlocked: (contactId) => markContactBlocked(t.ctx, contactId),
    });
  let sender = makeSender();

  /** n active citizens on Telegram subscribed to thong-bao-chung; chat ids from `firstChat`. */
  function addCitizens(n: number, firstChat = 810_000): { contactId: number; chatId: number }[] {
    const now = t.clock.now().getTime();
    const insert = t.db.$client.prepare(
      `INSERT INTO contacts (channel, platform_user_id, chat_id, display_name, role, status, created_at, updated_at)
       VALUES ('telegram', @chat, @chat, @name, 'citizen', 'active', @now, @now) RETURNING id`,
    );
    const sub = t.db.$client.prepare(`INSERT INTO subscriptions (contact_id, topic, created_at) VALUES (?, 'thong-bao-chung', ?)`);
    return t.db.transaction(() =>
      Array.from({ length: n }, (_, i) => {
        const chatId = firstChat + i;
        const { id } = insert.get({ chat: String(chatId), name: `Phụ huynh ${i + 1}`, now }) as { id: number };
        sub.run(id, now);
        return { contactId: id, chatId };
      }),
    );
  }

  async function broadcast(json: Record<string, unknown>): Promise<number> {
    const res = await t.request('POST', '/api/v1/broadcasts', { as: 'staff', json: { audience: { roles: ['citizen'] }, ...json } });
    if (res.status !== 201) throw new Error(`broadcast refused: ${res.text}`);
    return res.json.id as number;
  }

  async function status(id: number) {
    return (await t.request('GET', `/api/v1/broadcasts/${id}`, { as: 'viewer' })).json;
  }

  /** Ticks every `stepMs` of simulated time until nothing is queued or `maxSteps` pass. */
  async function drain(maxSteps = 10_000, stepMs = 40): Promise<number> {
    let sent = 0;
    for (let step = 0; step < maxSteps; step++) {
      sent += (await sender.tick()).sent;
      const left = t.db.$client.prepare(`SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')`).pluck().get() as number;
      if (left === 0) break;
      t.clock.advance(stepMs);
    }
    return sent;
  }

  /** A new Sender over the same database, as in a restarted process. */
  function replaceSender(): Sender {
    sender = makeSender();
    return sender;
  }

  async function close(): Promise<void> {
    await sender.stop();
    await fake.close();
    t.close();
  }

  return {
    t,
    fake,
    bot,
    get sender() {
      return sender;
    },
    addCitizens,
    broadcast,
    status,
    drain,
    replaceSender,
    close,
  };
}
