/**
 * One broadcast run of bench/broadcast.bench.ts: the service, started as `npm start` starts
 * it (src/main.ts, its own process, webhook mode), sends a broadcast to `recipients` citizens through the
 * fake Bot API (in this process) enforcing Telegram's flood limits, while a few people chat
 * with it and their replies are timed. Optionally a telegraf echo bot runs alongside in its
 * own process, chatted with the same way, as the memory baseline.
 */
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createApiToken } from '../../src/domain/api-tokens.js';
import { systemActor } from '../../src/domain/context.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { FakeTelegramBotApi, type RateLimitOptions } from '../../test/fakes/telegram-bot-api.js';
import { Progress } from '../progress.js';
import { percentile } from '../result.js';
import { WEBHOOK_SECRET } from './webhook-server.js';
import { freePort, residentMemory, spawnNode, spawnService, stopProcess, waitUntil } from './child-process.js';

/**
 * What Telegram enforces, as the fake does it: 30 in any sliding second overall; to one chat
 * about one a second, with a short burst tolerated (3 in any second); 20 a minute to a group.
 */
export const TELEGRAM_FLOOD: RateLimitOptions = { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 2, perGroupPerMinute: 20 };
const CHATTERS = 3;
const CHAT_EVERY_MS = 2_000;
const PEOPLE_PER_CHATTER = 10;

export type BroadcastMeasure = {
  recipients: number;
  maxMps: number;
  createMs: number;
  /** Bot messages per second while the broadcast was being sent (replies included), and the broadcast's alone. */
  totalRate: number;
  broadcastRate: number;
  windowSeconds: number;
  delivered: number;
  tooManyRequests: number;
  replyP95: number;
  replies: number;
  service: Memory;
  echo?: Memory & { replyP95: number };
};

/**
 * Resident memory (bytes): just started, when ready (after `settleMs` idle), right after
 * `POST /broadcasts` answered, the most while the broadcast was sent (sampled every 250 ms), and
 * the process's lifetime peak (start-up included).
 */
type Memory = { rssJustStarted: number; rssAtReady: number; rssAfterQueued: number; peak: number; lifetimePeak: number };

/** For looking into a run (bench/lib/memory-breakdown.ts): extra node flags per process, a call at each moment, other limits. */
export type RunStudy = {
  nodeArgs?: (who: 'service' | 'echo') => string[];
  at?: (moment: 'ready' | 'queued' | 'sent', pids: { service: number; echo?: number }) => void;
  /** The fake's limits instead of Telegram's (false: none, to send fast). */
  limits?: RateLimitOptions | false;
};

/** How long both bots stay idle before the large broadcast, as a deployment is before any broadcast (settleMs). */
export const SETTLE_MS = 60_000;

/** The most resident memory of a process while it runs, sampled from /proc. */
function sampleRss(pid: number): { stop(): number } {
  let max = residentMemory(pid).rssBytes;
  const timer = setInterval(() => (max = Math.max(max, residentMemory(pid).rssBytes)), 250);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, residentMemory(pid).rssBytes);
    },
  };
}

/**
 * `settleMs`: how long both bots stay idle between start-up and the broadcast. A Department's
 * broadcast goes out hours after the service started, when V8 has long collected what start-up
 * left and shrunk the young generation it grew (its memory reducer runs after ~30 s idle).
 */
export async function runBroadcast(opts: { recipients: number; maxMps: number; withEcho?: boolean; settleMs?: number; study?: RunStudy }): Promise<BroadcastMeasure> {
  const { study = {} } = opts;
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-bench-broadcast-'));
  const limits = study.limits ?? TELEGRAM_FLOOD;
  const fake = await FakeTelegramBotApi.start({ ...(limits ? { enforceLimits: limits } : {}), recordCalls: false });
  const echoFake = opts.withEcho ? await FakeTelegramBotApi.start({ recordCalls: false }) : undefined;
  const children: ChildProcess[] = [];
  try {
    const dbPath = join(dir, 'app.db');
    const token = prepareDatabase(dbPath, opts.recipients);
    const port = await freePort();
    const child = spawnService({
      DATABASE_PATH: dbPath,
      FILES_DIR: join(dir, 'files'),
      BACKUP_DIR: join(dir, 'backups'),
      DEMO_DATA: '0',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_MAX_MPS: String(opts.maxMps),
    }, study.nodeArgs?.('service'));
    children.push(child);
    const echo = echoFake && spawnNode('bench/lib/echo-service.ts', { BENCH_BOT_TOKEN: echoFake.token, BENCH_API_ROOT: echoFake.apiRoot }, study.nodeArgs?.('echo'));
    if (echo) children.push(echo);
    // Ready: the API answers and the webhook is registered.
    const webhookSet = (f: FakeTelegramBotApi) => async () => (f.stats().calls.setWebhook ?? 0) > 0;
    await waitUntil(child, 'service', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok && (await webhookSet(fake)()));
    if (echo) await waitUntil(echo, 'echo bot', webhookSet(echoFake!));
    const serviceStarted = residentMemory(child.pid!).rssBytes;
    const echoStarted = echo && residentMemory(echo.pid!).rssBytes;
    if (opts.settleMs) await sleep(opts.settleMs);
    const serviceReady = residentMemory(child.pid!).rssBytes;
    const echoReady = echo && residentMemory(echo.pid!).rssBytes;
    const pids = { service: child.pid!, echo: echo?.pid };
    study.at?.('ready', pids);
    const api = async (method: string, path: string, json?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
        body: json ? JSON.stringify(json) : undefined,
      });
      return { status: res.status, json: (await res.json()) as any };
    };

    const serviceRss = sampleRss(child.pid!);
    const echoRss = echo && sampleRss(echo.pid!);
    const createStart = performance.now();
    const created = await api('POST', '/broadcasts', {
      text: '**Thông báo** của Sở GDĐT: lịch nghỉ hè năm học 2025–2026. Xem [chi tiết](https://sgddt.example.vn/nghi-he).',
      audience: { roles: ['citizen'] },
      requireAck: true,
    });
    const createMs = performance.now() - createStart;
    if (created.status !== 201 || created.json.counts.queued !== opts.recipients) throw new Error(`broadcast not queued: ${JSON.stringify(created.json)}`);
    const serviceQueued = residentMemory(child.pid!).rssBytes;
    const echoQueued = echo && residentMemory(echo.pid!).rssBytes;
    study.at?.('queued', pids);

    const chatting = { on: true };
    const latencies: number[] = [];
    const echoLatencies: number[] = [];
    const chatters = [chatWith(fake, latencies, chatting), ...(echoFake ? [chatWith(echoFake, echoLatencies, chatting)] : [])];

    let status = created.json;
    const progress = new Progress(`broadcast to ${opts.recipients.toLocaleString('en')} at ${opts.maxMps}/s`, opts.recipients);
    while (status.counts.queued + status.counts.sending > 0) {
      await sleep(1000);
      status = (await api('GET', `/broadcasts/${created.json.id}?limit=1`)).json;
      progress.update(opts.recipients - status.counts.queued - status.counts.sending);
    }
    chatting.on = false;
    await Promise.all(chatters);
    const service = { rssJustStarted: serviceStarted, rssAtReady: serviceReady, rssAfterQueued: serviceQueued, peak: serviceRss.stop(), lifetimePeak: residentMemory(child.pid!).peakBytes };
    const echoMemory = echo && { rssJustStarted: echoStarted!, rssAtReady: echoReady!, rssAfterQueued: echoQueued!, peak: echoRss!.stop(), lifetimePeak: residentMemory(echo.pid!).peakBytes };
    study.at?.('sent', pids);
    await Promise.all(children.map(stopProcess));
    return {
      recipients: opts.recipients,
      maxMps: opts.maxMps,
      createMs,
      ...sendingRates(dbPath, created.json.id as number),
      delivered: status.counts.sent,
      tooManyRequests: fake.stats().tooManyRequests,
      replyP95: percentile([...latencies].sort((a, b) => a - b), 95),
      replies: latencies.length,
      service,
      echo: echoMemory ? { ...echoMemory, replyP95: percentile([...echoLatencies].sort((a, b) => a - b), 95) } : undefined,
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
    await fake.close();
    await echoFake?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The database the service will open: migrated, with `recipients` subscribed citizens and a staff API token. */
function prepareDatabase(path: string, recipients: number): string {
  const db = openDatabase(path);
  try {
    applyMigrations(db);
    const sqlite = db.$client;
    const now = Date.now();
    const insert = sqlite.prepare(
      `INSERT INTO contacts (channel, platform_user_id, chat_id, display_name, role, status, created_at, updated_at)
       VALUES ('telegram', ?, ?, ?, 'citizen', 'active', ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 0; i < recipients; i++) insert.run(String(900_000_000 + i), String(900_000_000 + i), `Phụ huynh ${i + 1}`, now, now);
      sqlite.prepare(`INSERT INTO subscriptions (contact_id, topic, created_at) SELECT id, 'thong-bao-chung', ? FROM contacts`).run(now);
    })();
    const ctx = { db, clock: systemClock, log: silentLogger, actor: systemActor('bench'), timeZone: 'Asia/Ho_Chi_Minh', filesDir: '' };
    return createApiToken(ctx, { name: 'bench', role: 'staff' }).token;
  } finally {
    db.$client.close();
  }
}

/**
 * CHATTERS messages every ~2 s, staggered, each reply timed. Each comes from one of
 * PEOPLE_PER_CHATTER people in turn, so nobody writes more than 3 a minute (the bot pauses
 * anyone writing 20 a minute: src/conversation/flood.ts).
 */
function chatWith(fake: FakeTelegramBotApi, latencies: number[], chatting: { on: boolean }): Promise<void> {
  return Promise.all(
    Array.from({ length: CHATTERS }, async (_, i) => {
      await sleep((i * CHAT_EVERY_MS) / CHATTERS);
      for (let n = 0; chatting.on; n++) {
        const person = n % PEOPLE_PER_CHATTER;
        const user = { id: 5_000_000 + i * 100 + person, firstName: `Người hỏi ${i + 1}.${person + 1}` };
        const before = fake.sentMessages(user.id).length;
        const start = performance.now();
        await fake.userSendsText(user, `Cho em hỏi thủ tục chuyển trường (${n})`);
        await fake.waitForMessages(user.id, before + 1, 10_000);
        latencies.push(performance.now() - start);
        await sleep(CHAT_EVERY_MS);
      }
    }),
  ).then(() => undefined);
}

/** Rates over the broadcast's own window, from the outbox's sent_at (not the 1 s polling). */
function sendingRates(path: string, broadcastId: number): Pick<BroadcastMeasure, 'totalRate' | 'broadcastRate' | 'windowSeconds'> {
  const db = new Database(path, { readonly: true });
  try {
    const w = db
      .prepare(`SELECT min(sent_at) AS first, max(sent_at) AS last, count(*) AS n FROM outbox WHERE broadcast_id = ? AND status = 'sent'`)
      .get(broadcastId) as { first: number; last: number; n: number };
    const all = db.prepare(`SELECT count(*) FROM outbox WHERE status = 'sent' AND sent_at BETWEEN ? AND ?`).pluck().get(w.first, w.last) as number;
    const windowSeconds = (w.last - w.first) / 1000;
    return { totalRate: (all - 1) / windowSeconds, broadcastRate: (w.n - 1) / windowSeconds, windowSeconds };
  } finally {
    db.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
