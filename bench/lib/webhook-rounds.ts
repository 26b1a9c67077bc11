/**
 * The measured parts of webhook.bench.ts: a closed-loop round or a fixed-rate run against
 * Cầu Nối or the telegraf echo bot, each counted until its replies reached the fake Bot API.
 */
import type { CauNoiServer } from './caunoi-server.js';
import { processCpuMs } from './child-process.js';
import type { EchoProcess } from './echo-process.js';
import type { LoadGenerator } from './load-generator.js';
import type { ClosedResult } from './load-protocol.js';
import type { Stream } from './updates.js';
import { percentile } from '../result.js';

export const CONNECTIONS = 40; // Telegram's default max_connections for a webhook
const REPLY_TIMEOUT_MS = 300_000;

export type Round = { rate: number; cpuMsPerUpdate: number; generatorCpuShare: number };
export type Latency = { p50: number; p95: number; p99: number; max: number; maxLagMs: number; replyP50?: number; replyP95?: number };

/** The fakes (in the generator's process) and how many replies each has accepted so far. */
export type Bench = { gen: LoadGenerator; s: CauNoiServer; echo: EchoProcess; sent: { caunoi: number; echo: number } };

/** Echo replies to every request it gets, redeliveries included: all of them count. */
export async function echoRound(b: Bench, stream: Stream): Promise<Round> {
  const cpu = processCpuMs(b.echo.pid);
  const r = await b.gen.closed({ target: b.echo.target, bodies: stream.bodies, concurrency: CONNECTIONS });
  expectAll200(r, stream.bodies.length, 'telegraf');
  const last = await replies(b, 'echo', stream.bodies.length);
  const cpuMs = processCpuMs(b.echo.pid) - cpu;
  const seconds = (last - r.firstSendEpoch) / 1000;
  return { rate: stream.bodies.length / seconds, cpuMsPerUpdate: cpuMs / stream.bodies.length, generatorCpuShare: r.cpuMs / 1000 / seconds };
}

/**
 * Distinct updates handled per second: from the first request written until the last reply
 * reached the fake Bot API. Redeliveries are sent but not counted (and not answered twice).
 */
export async function cauNoiRound(b: Bench, stream: Stream): Promise<Round> {
  const outboxBefore = maxOutboxId(b.s);
  const cpu = process.cpuUsage();
  const r = await b.gen.closed({ target: b.s.target, bodies: stream.bodies, concurrency: CONNECTIONS });
  expectAll200(r, stream.bodies.length, 'cầu nối');
  const n = stream.uniqueIds.length;
  await b.s.service.inbox.idle();
  const last = await replies(b, 'caunoi', maxOutboxId(b.s) - outboxBefore);
  const cpuMs = cpuMillis(cpu);
  await outboxSettled(b.s);
  checkAnsweredInOrder(b.s, stream, outboxBefore);
  const seconds = (last - r.firstSendEpoch) / 1000;
  return { rate: n / seconds, cpuMsPerUpdate: cpuMs / n, generatorCpuShare: r.cpuMs / 1000 / seconds };
}

/**
 * Open loop: one update every 1/perSecond s whatever the answers do. HTTP latency runs from a
 * request written until its answer was read; for Cầu Nối also until its reply was sent
 * (the outbox's sent_at, set when the Bot API answered).
 */
export async function latencyAtFixedRate(b: Bench, target: 'caunoi' | 'echo', stream: Stream, perSecond: number): Promise<Latency> {
  const outboxBefore = target === 'caunoi' ? maxOutboxId(b.s) : 0;
  const o = await b.gen.open({ target: target === 'caunoi' ? b.s.target : b.echo.target, bodies: stream.bodies, perSecond });
  o.statuses.forEach((status, i) => {
    if (status !== 200) throw new Error(`${target} update ${i}: HTTP ${status}`);
  });
  const http = [...o.answerMs].sort((a, c) => a - c);
  const latency: Latency = {
    p50: percentile(http, 50),
    p95: percentile(http, 95),
    p99: percentile(http, 99),
    max: http[http.length - 1]!,
    maxLagMs: o.maxLagMs,
  };
  if (target === 'echo') {
    await replies(b, 'echo', stream.bodies.length);
    return latency;
  }
  await b.s.service.inbox.idle();
  await replies(b, 'caunoi', maxOutboxId(b.s) - outboxBefore);
  await outboxSettled(b.s);
  checkAnsweredInOrder(b.s, stream, outboxBefore);
  const sentAt = replySentTimes(b.s, stream);
  // Updates with an answer (a message added to an open ticket gets none).
  const replyMs = stream.uniqueIds.flatMap((id, i) => (sentAt.has(id) ? [sentAt.get(id)! - o.sendEpoch[i]!] : [])).sort((a, c) => a - c);
  return { ...latency, replyP50: percentile(replyMs, 50), replyP95: percentile(replyMs, 95) };
}

/** Waits until the fake has `more` replies beyond what was counted so far; returns the last one's arrival (epoch ms). */
async function replies(b: Bench, name: 'caunoi' | 'echo', more: number): Promise<number> {
  const expected = b.sent[name] + more;
  const r = await b.gen.replies({ name, count: expected, timeoutMs: REPLY_TIMEOUT_MS });
  if (r.sent !== expected) throw new Error(`${name}: ${r.sent} replies at the fake, expected ${expected}`);
  b.sent[name] = r.sent;
  return r.lastEpoch;
}

/** CPU time of this (Cầu Nối's) process since `from`: all threads, user + system. */
export function cpuMillis(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

export function expectAll200(r: ClosedResult, expected: number, what: string): void {
  if (r.errors > 0 || r.statuses[200] !== expected) throw new Error(`${what}: ${JSON.stringify(r.statuses)}, ${r.errors} network errors`);
}

/** The sender writes "sent" a few ms after Telegram's answer (in batches): wait for the last ones. */
export async function outboxSettled(s: CauNoiServer): Promise<void> {
  await s.service.inbox.idle();
  const pending = s.service.db.$client.prepare(`SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')`).pluck();
  for (let i = 0; (pending.get() as number) > 0; i++) {
    if (i > 1000) throw new Error('outbox not settled after 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function maxOutboxId(s: CauNoiServer): number {
  return s.service.db.$client.prepare(`SELECT coalesce(max(id), 0) FROM outbox`).pluck().get() as number;
}

/**
 * Every update of the stream stored once and done (redeliveries added nothing), every reply
 * sent (a first message also gets the privacy note; a message added to an open ticket gets
 * none), and each chat's replies reached Telegram in the order they were queued (the fake
 * numbers each chat's messages as they arrive).
 */
function checkAnsweredInOrder(s: CauNoiServer, stream: Stream, outboxBefore: number): void {
  const sqlite = s.service.db.$client;
  const first = stream.uniqueIds[0]!;
  const last = stream.uniqueIds[stream.uniqueIds.length - 1]!;
  const inbound = sqlite
    .prepare(
      `SELECT COUNT(*) AS n, SUM(status = 'done') AS done FROM inbound_updates
        WHERE channel = 'telegram' AND CAST(update_id AS INTEGER) BETWEEN ? AND ?`,
    )
    .get(first, last) as { n: number; done: number };
  const rows = sqlite
    .prepare(`SELECT chat_id AS chat, status, CAST(platform_message_id AS INTEGER) AS messageId FROM outbox WHERE id > ? ORDER BY id`)
    .all(outboxBefore) as { chat: string; status: string; messageId: number | null }[];
  const n = stream.uniqueIds.length;
  const sent = rows.filter((r) => r.status === 'sent').length;
  if (inbound.n !== n || inbound.done !== n || sent !== rows.length) {
    throw new Error(`expected ${n} stored and done, every reply sent; stored ${inbound.n}, done ${inbound.done}, sent ${sent} of ${rows.length} replies`);
  }
  const lastId = new Map<string, number>();
  for (const r of rows) {
    if ((lastId.get(r.chat) ?? 0) >= r.messageId!) throw new Error(`chat ${r.chat}: replies reached Telegram out of order`);
    lastId.set(r.chat, r.messageId!);
  }
}

/** When each update's (first) reply was sent: the Bot API's answer, recorded by the sender. */
function replySentTimes(s: CauNoiServer, stream: Stream): Map<number, number> {
  const rows = s.service.db.$client
    .prepare(
      `SELECT CAST(i.update_id AS INTEGER) AS id, o.sent_at AS at FROM inbound_updates i
         JOIN outbox o ON o.dedupe_key = 'in:' || i.id || ':0'
        WHERE i.channel = 'telegram' AND CAST(i.update_id AS INTEGER) BETWEEN ? AND ?`,
    )
    .all(stream.uniqueIds[0]!, stream.uniqueIds[stream.uniqueIds.length - 1]!) as { id: number; at: number }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}
