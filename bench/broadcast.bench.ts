import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { FakeTelegramBotApi } from '../test/fakes/telegram-bot-api.js';
import { Progress } from './progress.js';
import { percentile, round, type BenchMeta, type BenchResult } from './result.js';
import { nextMessage } from './lib/child-messages.js';

const RECIPIENTS = Number(process.env.BENCH_BROADCAST_RECIPIENTS ?? 10_000);
const MAX_MPS = 25;
const CHATTERS = 3;
const CHAT_EVERY_MS = 2_000;
const RSS_LIMIT_MB = 200;
const here = dirname(fileURLToPath(import.meta.url));

type Ready = { kind: 'ready'; port: number; token: string };
type Stopped = { kind: 'stopped'; maxRssBytes: number; rssAtReadyBytes: number };

export const meta: BenchMeta = { long: true, estimate: `about ${Math.ceil(RECIPIENTS / 25 / 60) + 1} min (25 msg/s)` };

/**
 * A broadcast to RECIPIENTS Telegram contacts through the whole service (engine, inbox,
 * sender loop, telegraf in polling mode) against the fake Bot API enforcing Telegram's flood
 * limits (30/s overall, 1/s per chat), with TELEGRAM_MAX_MPS=25. The service runs in its own
 * process (bench/lib/broadcast-service.ts), as in production, and samples its RSS every
 * second; this process holds the fake and CHATTERS people who write to the bot every ~2 s
 * while the broadcast goes out, timing each reply.
 * BENCH_BROADCAST_RECIPIENTS=2000 for a shorter run (10,000 takes ~400 s at 25/s);
 * BENCH_DEBUG=1 records the fake's calls and prints, for each 429, how many messages the fake
 * had accepted in the second before it (the global window) and the chat's other calls.
 */
export default async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-bench-broadcast-'));
  const fake = await FakeTelegramBotApi.start({ enforceLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, recordCalls: process.env.BENCH_DEBUG === '1' });
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'lib', 'broadcast-service.ts')], {
    cwd: join(here, '..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      DATABASE_PATH: join(dir, 'app.db'),
      FILES_DIR: join(dir, 'files'),
      DEMO_DATA: '0',
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MAX_MPS: String(MAX_MPS),
      BENCH_RECIPIENTS: String(RECIPIENTS),
    },
  });
  try {
    const { port, token } = await nextMessage<Ready>(child, 'ready');
    const api = async (method: string, path: string, json?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
        body: json ? JSON.stringify(json) : undefined,
      });
      return { status: res.status, json: (await res.json()) as any };
    };

    const createStart = performance.now();
    const created = await api('POST', '/broadcasts', {
      text: '**Thông báo** của Sở GDĐT: lịch nghỉ hè năm học 2025–2026. Xem [chi tiết](https://sgddt.example.vn/nghi-he).',
      audience: { roles: ['citizen'] },
      requireAck: true,
    });
    const createMs = performance.now() - createStart;
    if (created.status !== 201 || created.json.counts.queued !== RECIPIENTS) throw new Error(`broadcast not queued: ${JSON.stringify(created.json)}`);
    const t0 = performance.now();

    // People chatting with the bot during the broadcast, each every ~2 s, staggered.
    const latencies: number[] = [];
    let chatting = true;
    const chatters = Array.from({ length: CHATTERS }, async (_, i) => {
      const user = { id: 5_000_000 + i, firstName: `Người hỏi ${i + 1}` };
      await sleep((i * CHAT_EVERY_MS) / CHATTERS);
      for (let n = 0; chatting; n++) {
        const before = fake.sentMessages(user.id).length;
        const start = performance.now();
        await fake.userSendsText(user, `Cho em hỏi thủ tục chuyển trường (${n})`);
        await fake.waitForMessages(user.id, before + 1, 10_000);
        latencies.push(performance.now() - start);
        await sleep(CHAT_EVERY_MS);
      }
    });

    let status = created.json;
    const progress = new Progress(`broadcast to ${RECIPIENTS.toLocaleString('en')}`, RECIPIENTS);
    while (status.counts.queued + status.counts.sending > 0) {
      await sleep(1000);
      status = (await api('GET', `/broadcasts/${created.json.id}?limit=1`)).json;
      progress.update(RECIPIENTS - status.counts.queued - status.counts.sending);
    }
    const seconds = (performance.now() - t0) / 1000;
    chatting = false;
    await Promise.all(chatters);
    child.send({ kind: 'stop' });
    const { maxRssBytes, rssAtReadyBytes } = await nextMessage<Stopped>(child, 'stopped');

    const stats = fake.stats();
    // Rates over the broadcast's own window, from the outbox's sent_at (not the 1 s polling).
    const db = new Database(join(dir, 'app.db'), { readonly: true });
    const window = db
      .prepare(`SELECT min(sent_at) AS first, max(sent_at) AS last, count(*) AS n FROM outbox WHERE broadcast_id = ? AND status = 'sent'`)
      .get(created.json.id) as { first: number; last: number; n: number };
    const allInWindow = db
      .prepare(`SELECT count(*) FROM outbox WHERE status = 'sent' AND sent_at BETWEEN ? AND ?`)
      .pluck()
      .get(window.first, window.last) as number;
    db.close();
    const windowSeconds = (window.last - window.first) / 1000;
    if (process.env.BENCH_DEBUG === '1') {
      const calls = fake.callsTo('sendMessage');
      for (const c of calls.filter((x) => x.errorCode === 429)) {
        const at = c.at.getTime();
        const inWindow = calls.filter((x) => x.errorCode === undefined && x.at.getTime() > at - 1000 && x.at.getTime() <= at).length;
        const sameChat = calls.filter((x) => x.params.chat_id === c.params.chat_id).map((x) => x.at.getTime() - at);
        console.log('429', c.params.chat_id, { inWindow, sameChat });
      }
    }
    const totalRate = (allInWindow - 1) / windowSeconds;
    const broadcastRate = (window.n - 1) / windowSeconds;
    const p95 = percentile([...latencies].sort((a, b) => a - b), 95);
    const mb = (bytes: number) => round(bytes / 1024 / 1024);
    const tag = `broadcast to ${RECIPIENTS.toLocaleString('en')}`;
    return [
      { name: `${tag}: POST /broadcasts (recipients queued in one transaction)`, value: round(createMs), unit: 'ms', target: '< 1000 ms', pass: createMs < 1000 },
      {
        name: `${tag}: bot messages per second over ${round(windowSeconds)} s of sending (broadcast + replies; broadcast alone ${round(broadcastRate)}; ${round(seconds)} s until the API said done)`,
        value: round(totalRate),
        unit: 'msg/s',
        target: `>= ${round(0.95 * MAX_MPS, 2)} (95% of ${MAX_MPS})`,
        pass: totalRate >= 0.95 * MAX_MPS,
      },
      { name: `${tag}: delivered`, value: status.counts.sent, unit: 'messages', target: `= ${RECIPIENTS}`, pass: status.counts.sent === RECIPIENTS },
      { name: `${tag}: 429 answers from the fake Bot API`, value: stats.tooManyRequests, unit: '', target: '= 0', pass: stats.tooManyRequests === 0 },
      { name: `${tag}: reply latency p95 while sending (${latencies.length} replies)`, value: round(p95), unit: 'ms', target: '< 1000 ms', pass: p95 < 1000 && latencies.length > 0 },
      {
        name: `${tag}: service process max RSS (${mb(rssAtReadyBytes)} MB when ready)`,
        value: mb(maxRssBytes),
        unit: 'MB',
        target: `< ${RSS_LIMIT_MB} MB`,
        pass: maxRssBytes < RSS_LIMIT_MB * 1024 * 1024,
      },
    ];
  } finally {
    if (child.exitCode === null) child.kill();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
