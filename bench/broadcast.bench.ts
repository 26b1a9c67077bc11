import { loadavg } from 'node:os';
import { runBroadcast, SETTLE_MS, type BroadcastMeasure } from './lib/broadcast-run.js';
import { naiveBroadcast } from './lib/naive-broadcast.js';
import { round, type BenchMeta, type BenchResult } from './result.js';

const SHORT = 2000;
const LARGE = Number(process.env.BENCH_BROADCAST_RECIPIENTS ?? 10_000);
const DEFAULT_MPS = 25;
const NEAR_LIMIT_MPS = 29;
const RSS_RATIO = 1.5;

export const meta: BenchMeta = {
  long: true,
  estimate: `about ${Math.ceil((SHORT / NEAR_LIMIT_MPS + SHORT / DEFAULT_MPS + LARGE / DEFAULT_MPS + SETTLE_MS / 1000) / 60) + 1} min`,
};

/**
 * Issue #9: broadcasts through the whole service (engine, inbox, sender loop, telegraf in
 * webhook mode, started as `npm start` starts it) against the fake Bot API enforcing
 * Telegram's flood limits (30 in any sliding second; per chat 1 a second with a short burst):
 *   1. 2,000 recipients at TELEGRAM_MAX_MPS=29, one below the limit, beside a naive
 *      telegraf loop sending at the same rate (the comparison, same run);
 *   2. 2,000 at the default 25/s;
 *   3. LARGE (10,000) at 25/s, with a telegraf echo bot in its own process alongside, chatted
 *      with the same way: the memory baseline for the service's peak RSS. Both stay idle
 *      SETTLE_MS first, as a deployment is before a broadcast (runBroadcast's settleMs).
 * A message to the bot every ~0.7 s all along (30 people taking turns); each reply is timed.
 * BENCH_BROADCAST_RECIPIENTS sets LARGE (10,000 takes ~7 minutes at 25/s).
 */
export default async function bench(): Promise<BenchResult[]> {
  console.log(`load average ${loadavg()[0]!.toFixed(1)} at start`);
  const [nearLimit, naive] = await Promise.all([runBroadcast({ recipients: SHORT, maxMps: NEAR_LIMIT_MPS }), naiveBroadcast(SHORT, NEAR_LIMIT_MPS)]);
  console.log(`  load average ${loadavg()[0]!.toFixed(1)}`);
  const atDefault = await runBroadcast({ recipients: SHORT, maxMps: DEFAULT_MPS });
  console.log(`  load average ${loadavg()[0]!.toFixed(1)}`);
  const large = await runBroadcast({ recipients: LARGE, maxMps: DEFAULT_MPS, withEcho: true, settleMs: SETTLE_MS });
  console.log(`  load average ${loadavg()[0]!.toFixed(1)}`);
  const echo = large.echo!;
  const mb = (bytes: number) => round(bytes / 1024 / 1024);
  const rssRatio = large.service.peak / echo.peak;
  return [
    ...sendingResults(nearLimit, 28),
    {
      name: `naive loop, same run: sendMessage every 1/${NEAR_LIMIT_MPS} s to ${SHORT.toLocaleString('en')} (${naive.tooManyRequests} × 429, dropped)`,
      value: round(naive.rate),
      unit: 'msg/s delivered',
      target: 'comparison',
      pass: true,
    },
    ...sendingResults(atDefault, 0.95 * DEFAULT_MPS),
    ...sendingResults(large, 0.95 * DEFAULT_MPS),
    { name: `${tag(large)}: POST /broadcasts (recipients queued in one transaction)`, value: round(large.createMs), unit: 'ms', target: '< 1000 ms', pass: large.createMs < 1000 },
    {
      name:
        `${tag(large)}: service peak RSS while sending ÷ the telegraf echo bot's, same run, both idle ${SETTLE_MS / 1000} s first (service ` +
        `${mb(large.service.rssJustStarted)} MB just started, ${mb(large.service.rssAtReady)} ready, ${mb(large.service.lifetimePeak)} lifetime peak; ` +
        `echo ${mb(echo.peak)} MB, ${mb(echo.rssJustStarted)} just started, ${mb(echo.rssAtReady)} ready, ${mb(echo.lifetimePeak)} lifetime; echo reply p95 ${round(echo.replyP95)} ms)`,
      value: round(rssRatio, 2),
      unit: `× (${mb(large.service.peak)} MB)`,
      target: `<= ${RSS_RATIO}`,
      pass: rssRatio <= RSS_RATIO,
    },
  ];
}

const tag = (m: BroadcastMeasure) => `broadcast to ${m.recipients.toLocaleString('en')} at ${m.maxMps}/s`;

function sendingResults(m: BroadcastMeasure, minRate: number): BenchResult[] {
  return [
    {
      name: `${tag(m)}: bot messages per second over ${round(m.windowSeconds)} s of sending (broadcast alone ${round(m.broadcastRate)}, replies the rest)`,
      value: round(m.totalRate),
      unit: 'msg/s',
      target: `>= ${round(minRate, 2)}`,
      pass: m.totalRate >= minRate,
    },
    { name: `${tag(m)}: delivered`, value: m.delivered, unit: 'messages', target: `= ${m.recipients}`, pass: m.delivered === m.recipients },
    { name: `${tag(m)}: 429 answers from the fake Bot API`, value: m.tooManyRequests, unit: '', target: '= 0', pass: m.tooManyRequests === 0 },
    { name: `${tag(m)}: reply p95 while sending (${m.replies} replies)`, value: round(m.replyP95), unit: 'ms', target: '< 1000 ms', pass: m.replyP95 < 1000 && m.replies > 0 },
  ];
}
