import { loadavg } from 'node:os';
import { startCauNoi, type CauNoiServer } from './lib/caunoi-server.js';
import { LoadGenerator } from './lib/load-generator.js';
import type { ClosedResult, Target } from './lib/load-protocol.js';
import { startTelegrafEcho } from './lib/telegraf-echo.js';
import { makeUsers, textStream, textUpdate, type Stream } from './lib/updates.js';
import { percentile, round, type BenchMeta, type BenchResult } from './result.js';

const USERS = 2000;
const LINKED = 200; // unit contacts (one unit each); the rest are parents and citizens
const CONNECTIONS = 40; // Telegram's default max_connections for a webhook
const WARMUP = 3000;
const ROUNDS = 3;
const PER_ROUND = 10_000;
const REDELIVER_EVERY = 100; // 1% of updates arrive twice
const OPEN_RATE = 300;
const OPEN_SECONDS = 10;

const TARGET_RATE = 1000;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 20;

type Round = { rate: number; cpuMsPerUpdate: number };

export const meta: BenchMeta = { estimate: 'about 2 min' };

/**
 * Issue #3: webhook updates handled end to end (stored, deduplicated, engine run, reply queued
 * in the outbox) against a bare Telegraf echo bot on the same path, same stack, same load
 * generator and the same update bodies, plus latency under a steady 300 updates/s.
 *
 * Throughput rounds alternate between the two servers and the best round of each counts, so
 * a burst of other work on the machine does not decide the ratio.
 */
export default async function bench(): Promise<BenchResult[]> {
  const load = loadavg()[0]!;
  const gen = await LoadGenerator.start();
  console.log(gen.pinned ? 'server pinned to CPU 0, load generator to CPU 1' : 'not pinned (no taskset, one CPU, or BENCH_PIN=0)');
  if (load > 0.5) console.log(`warning: load average ${load.toFixed(1)} at start; other work on the machine lowers the rates`);
  const users = makeUsers(USERS);
  const warm = textStream({ users, count: WARMUP, firstId: 1_000_000, seed: 1 });
  const echo = await startTelegrafEcho();
  const s = await startCauNoi({ units: LINKED });
  try {
    await linkUnitContacts(gen, s, users);
    expectAll200(await gen.closed({ target: echo.target, bodies: warm.bodies, concurrency: CONNECTIONS }), warm.bodies.length, 'telegraf warm-up');
    expectAll200(await gen.closed({ target: s.target, bodies: warm.bodies, concurrency: CONNECTIONS }), warm.bodies.length, 'warm-up');
    await s.service.inbox.idle();

    const telegraf: Round[] = [];
    const caunoi: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const stream = textStream({ users, count: PER_ROUND, firstId: 2_000_000 + r * 100_000, seed: 2 + r, redeliverEvery: REDELIVER_EVERY });
      telegraf.push(await echoRound(gen, echo.target, stream));
      caunoi.push(await cauNoiRound(gen, s, stream));
      console.log(
        `  round ${r + 1}: cầu nối ${caunoi[r]!.rate.toFixed(0)}/s (${caunoi[r]!.cpuMsPerUpdate.toFixed(3)} ms CPU per update), ` +
          `telegraf echo ${telegraf[r]!.rate.toFixed(0)}/s (${telegraf[r]!.cpuMsPerUpdate.toFixed(3)} ms CPU); ` +
          `${stream.uniqueIds.length} updates + ${stream.duplicates} redeliveries over ${CONNECTIONS} connections; load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
    const steady = textStream({ users, count: OPEN_RATE * OPEN_SECONDS, firstId: 3_000_000, seed: 99 });
    const lat = await latencyAtFixedRate(gen, s, steady);
    console.log(
      `  ${OPEN_RATE}/s for ${OPEN_SECONDS} s: p50 ${lat.p50.toFixed(2)} p95 ${lat.p95.toFixed(2)} p99 ${lat.p99.toFixed(2)} ` +
        `max ${lat.max.toFixed(2)} ms; generator late by up to ${lat.maxLagMs.toFixed(2)} ms`,
    );

    const best = (rs: Round[]) => rs.reduce((a, b) => (b.rate > a.rate ? b : a));
    const bestCauNoi = best(caunoi);
    const bestEcho = best(telegraf);
    const ratio = bestCauNoi.rate / bestEcho.rate;
    const cpuRatio = bestEcho.cpuMsPerUpdate / bestCauNoi.cpuMsPerUpdate;
    return [
      { name: 'webhook end-to-end throughput', value: round(bestCauNoi.rate, 0), unit: 'updates/s', target: `>= ${TARGET_RATE}`, pass: bestCauNoi.rate >= TARGET_RATE },
      { name: 'bare telegraf echo throughput (baseline)', value: round(bestEcho.rate, 0), unit: 'updates/s', target: 'informative', pass: true },
      { name: 'ratio to bare telegraf echo', value: round(ratio, 2), unit: '×', target: `>= ${TARGET_RATIO}`, pass: ratio >= TARGET_RATIO },
      { name: 'server CPU per update, cầu nối', value: round(bestCauNoi.cpuMsPerUpdate, 3), unit: 'ms', target: 'informative', pass: true },
      { name: 'server CPU per update, telegraf echo', value: round(bestEcho.cpuMsPerUpdate, 3), unit: 'ms', target: 'informative', pass: true },
      { name: 'ratio by CPU time (telegraf ms / cầu nối ms)', value: round(cpuRatio, 2), unit: '×', target: 'informative', pass: true },
      { name: `p50 latency at ${OPEN_RATE} updates/s`, value: round(lat.p50, 2), unit: 'ms', target: 'informative', pass: true },
      { name: `p95 latency at ${OPEN_RATE} updates/s`, value: round(lat.p95, 2), unit: 'ms', target: 'informative', pass: true },
      { name: `p99 latency at ${OPEN_RATE} updates/s`, value: round(lat.p99, 2), unit: 'ms', target: `< ${TARGET_P99_MS} ms`, pass: lat.p99 < TARGET_P99_MS },
      // Above a few ms the whole machine stalled (the generator has its own core): distrust the p99.
      { name: 'load generator lateness, worst send', value: round(lat.maxLagMs, 2), unit: 'ms', target: 'informative', pass: true },
    ];
  } finally {
    await s.close();
    await echo.close();
    await gen.close();
  }
}

/** The first LINKED people link their unit through the deep link, as staff would have them do. */
async function linkUnitContacts(gen: LoadGenerator, s: CauNoiServer, users: ReturnType<typeof makeUsers>): Promise<void> {
  const links = s.inviteCodes.map((code, i) => textUpdate(500_000 + i, users[i]!, `/start ${code}`));
  expectAll200(await gen.closed({ target: s.target, bodies: links, concurrency: CONNECTIONS }), links.length, 'linking');
  await s.service.inbox.idle();
  const linked = s.service.db.$client.prepare(`SELECT COUNT(*) AS n FROM contacts WHERE role = 'unit_contact' AND status = 'active'`).get() as { n: number };
  if (linked.n !== LINKED) throw new Error(`expected ${LINKED} linked unit contacts, found ${linked.n}`);
}

/** Answers per second of the echo bot, every request (redeliveries included) counted. */
async function echoRound(gen: LoadGenerator, target: Target, stream: Stream): Promise<Round> {
  const cpu = process.cpuUsage();
  const r = await gen.closed({ target, bodies: stream.bodies, concurrency: CONNECTIONS });
  const cpuMs = cpuMillis(cpu);
  expectAll200(r, stream.bodies.length, 'telegraf');
  return { rate: stream.bodies.length / ((r.lastAnswerEpoch - r.firstSendEpoch) / 1000), cpuMsPerUpdate: cpuMs / stream.bodies.length };
}

/**
 * Distinct updates handled per second: from the first request written until the last update's
 * row was marked done with its reply in the outbox. Redeliveries are sent but not counted.
 */
async function cauNoiRound(gen: LoadGenerator, s: CauNoiServer, stream: Stream): Promise<Round> {
  const outboxBefore = countOutbox(s);
  const cpu = process.cpuUsage();
  const r = await gen.closed({ target: s.target, bodies: stream.bodies, concurrency: CONNECTIONS });
  await s.service.inbox.idle();
  const cpuMs = cpuMillis(cpu);
  expectAll200(r, stream.bodies.length, 'cầu nối');
  const lastDone = checkHandledOnce(s, stream, outboxBefore);
  return { rate: stream.uniqueIds.length / ((lastDone - r.firstSendEpoch) / 1000), cpuMsPerUpdate: cpuMs / stream.uniqueIds.length };
}

/**
 * Open loop: one update every 1/OPEN_RATE s whatever the answers do. An update's latency runs
 * from its request being written until both its 200 is back and its row is 'done' (the
 * handler runs before the answer is written, so in practice this is the HTTP round trip;
 * processed_at has 1 ms resolution).
 */
async function latencyAtFixedRate(gen: LoadGenerator, s: CauNoiServer, stream: Stream) {
  const outboxBefore = countOutbox(s);
  const o = await gen.open({ target: s.target, bodies: stream.bodies, perSecond: OPEN_RATE });
  await s.service.inbox.idle();
  checkHandledOnce(s, stream, outboxBefore);
  const processedAt = processedTimes(s, stream);
  const latencies = stream.uniqueIds.map((id, i) => {
    if (o.statuses[i] !== 200) throw new Error(`update ${id}: HTTP ${o.statuses[i]}`);
    return Math.max(o.answerMs[i]!, processedAt.get(id)! - o.sendEpoch[i]!);
  });
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1]!,
    maxLagMs: o.maxLagMs,
  };
}

/** CPU time of this (the server's) process since `from`: all threads, user + system. */
function cpuMillis(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

function expectAll200(r: ClosedResult, expected: number, what: string): void {
  if (r.errors > 0 || r.statuses[200] !== expected) throw new Error(`${what}: ${JSON.stringify(r.statuses)}, ${r.errors} network errors`);
}

function countOutbox(s: CauNoiServer): number {
  return (s.service.db.$client.prepare(`SELECT COUNT(*) AS n FROM outbox`).get() as { n: number }).n;
}

/**
 * Every update of the stream stored once and done, exactly one reply queued per update
 * (redeliveries added nothing). Returns when the last one was done (epoch ms).
 */
function checkHandledOnce(s: CauNoiServer, stream: Stream, outboxBefore: number): number {
  const first = stream.uniqueIds[0]!;
  const last = stream.uniqueIds[stream.uniqueIds.length - 1]!;
  const row = s.service.db.$client
    .prepare(
      `SELECT COUNT(*) AS n, SUM(status = 'done') AS done, MAX(processed_at) AS lastDone FROM inbound_updates
        WHERE channel = 'telegram' AND CAST(update_id AS INTEGER) BETWEEN ? AND ?`,
    )
    .get(first, last) as { n: number; done: number; lastDone: number };
  const replies = countOutbox(s) - outboxBefore;
  const n = stream.uniqueIds.length;
  if (row.n !== n || row.done !== n || replies !== n) {
    throw new Error(`expected ${n} stored, done and answered once; stored ${row.n}, done ${row.done}, replies queued ${replies}`);
  }
  return row.lastDone;
}

function processedTimes(s: CauNoiServer, stream: Stream): Map<number, number> {
  const rows = s.service.db.$client
    .prepare(
      `SELECT CAST(update_id AS INTEGER) AS id, processed_at AS at FROM inbound_updates
        WHERE channel = 'telegram' AND CAST(update_id AS INTEGER) BETWEEN ? AND ?`,
    )
    .all(stream.uniqueIds[0]!, stream.uniqueIds[stream.uniqueIds.length - 1]!) as { id: number; at: number }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}
