/**
 * The outbox sender over a real SQLite file, driven by hand: a ManualClock, `sender.tick()`,
 * and the real telegraf client talking to the fake Bot API on 127.0.0.1.
 */
import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegraf } from 'telegraf';
import { TelegramChannelSender } from '../../src/channels/telegram/sender.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { contacts, outbox } from '../../src/db/schema/index.js';
import { markContactBlocked } from '../../src/domain/contacts.js';
import { systemActor, type Ctx } from '../../src/domain/context.js';
import { ManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { enqueueMessage, type OutboxLane } from '../../src/outbox/enqueue.js';
import { telegramLimits, type TelegramLimitOptions } from '../../src/channels/telegram/limits.js';
import { Sender, type SenderOptions } from '../../src/outbox/sender.js';
import { FakeTelegramBotApi, type RateLimitOptions } from '../fakes/telegram-bot-api.js';

export const START = '2026-05-15T03:00:00Z';

/** Generous limits so a test about something else is not slowed by them. */
export const ROOMY: TelegramLimitOptions = { perSecond: 1000, chatPerSecond: 100, chatBurst: 100 };

export type OutboxHarness = Awaited<ReturnType<typeof startOutboxHarness>>;

export async function startOutboxHarness(
  opts: {
    limits?: TelegramLimitOptions;
    enforceLimits?: RateLimitOptions;
    sender?: Partial<Pick<SenderOptions, 'maxAttempts' | 'sendTimeoutMs' | 'maxInFlight' | 'batchMs'>>;
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-outbox-'));
  const dbPath = join(dir, 'app.db');
  const db: Db = openDatabase(dbPath);
  applyMigrations(db);
  const clock = new ManualClock(START);
  const ctx: Ctx = {
    db,
    clock,
    log: silentLogger,
    actor: systemActor('outbox-test'),
    timeZone: 'Asia/Ho_Chi_Minh',
    filesDir: join(dir, 'files'),
  };
  // The fake reads the same clock, so its flood windows and our token buckets agree on time.
  const fake = await FakeTelegramBotApi.start({ clock, enforceLimits: opts.enforceLimits });
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  const blocked: number[] = [];
  const makeSender = (o: { db?: Db } & Partial<SenderOptions> = {}) =>
    new Sender({
      db,
      clock,
      log: silentLogger,
      channels: [new TelegramChannelSender(bot, () => ctx)],
      limits: { telegram: telegramLimits(opts.limits ?? ROOMY) },
      onBlocked: (contactId) => {
        blocked.push(contactId);
        markContactBlocked(ctx, contactId);
      },
      ...opts.sender,
      ...o,
    });
  let sender = makeSender();
  let seq = 0;

  /** Queues a text message; returns the outbox row id (undefined when the dedupe key was used). */
  function enqueue(
    chatId: number,
    text: string,
    o: { lane?: OutboxLane; contactId?: number; dedupeKey?: string; message?: Partial<OutboundMessage> } = {},
  ): number | undefined {
    return enqueueMessage(db, clock.now(), {
      dedupeKey: o.dedupeKey ?? `test:${++seq}`,
      channel: 'telegram',
      chatId: String(chatId),
      contactId: o.contactId ?? null,
      lane: o.lane ?? 'bulk',
      message: { text, ...o.message },
    });
  }

  function addContact(chatId: number, displayName = 'Cô Lan'): number {
    const now = clock.now();
    return db
      .insert(contacts)
      .values({
        channel: 'telegram',
        platformUserId: String(chatId),
        chatId: String(chatId),
        displayName,
        role: 'citizen',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: contacts.id })
      .get().id;
  }

  function row(id: number) {
    const found = db.select().from(outbox).where(eq(outbox.id, id)).get();
    if (!found) throw new Error(`no outbox row ${id}`);
    return found;
  }

  function rows() {
    return db.select().from(outbox).orderBy(outbox.id).all();
  }

  /** Rows not sent yet (a cheap check for loops that drain the outbox). */
  function unsent(): number {
    return db.$client.prepare(`SELECT count(*) FROM outbox WHERE status <> 'sent'`).pluck().get() as number;
  }

  /** sendMessage calls that reached the fake for one chat (answered or not). */
  function callsTo(chatId: number): number {
    return fake.callsTo('sendMessage').filter((c) => String(c.params.chat_id) === String(chatId)).length;
  }

  /** A new Sender over the same database, as after a process restart. */
  async function restartSender(): Promise<Sender> {
    await sender.stop();
    sender = makeSender();
    return sender;
  }

  async function close(): Promise<void> {
    await sender.stop();
    await fake.close();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }

  return {
    db,
    dbPath,
    makeSender,
    clock,
    ctx,
    fake,
    bot,
    blocked,
    get sender() {
      return sender;
    },
    enqueue,
    addContact,
    row,
    rows,
    unsent,
    callsTo,
    restartSender,
    close,
  };
}

/** The most calls inside any sliding window of `windowMs`, (t - windowMs, t] as Telegram counts. */
export function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
