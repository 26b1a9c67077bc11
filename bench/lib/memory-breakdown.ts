/**
 * Where the service's memory goes during a large broadcast (issue 9's RSS target), beside the
 * echo bot's: `npx tsx bench/lib/memory-breakdown.ts [recipients] [--fast]`. It runs the
 * broadcast benchmark's large run (bench/lib/broadcast-run.ts, both bots started the same way)
 * with bench/lib/memory-probe.mjs preloaded into each, and prints at ready, after
 * `POST /broadcasts`, at the highest RSS while sending and at the end: RSS (anonymous / file),
 * V8's heap by space, external memory. --fast: no flood limits at the fake and 1,000 msg/s, to
 * look at a 10,000 broadcast in seconds (the real run paces it over ~7 minutes). --settle: both
 * bots idle a minute before the broadcast, as the benchmark's large run does.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBroadcast, SETTLE_MS } from './broadcast-run.js';
import { processCpuMs, repoRoot } from './child-process.js';

type Snapshot = {
  rss: number;
  anon: number;
  file: number;
  threads: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, { size: number; used: number }>;
};

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const idleFirst = args.includes('--settle');
const recipients = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'cau-noi-memory-'));
process.env.BENCH_MEMORY_PROBE_DIR = dir;
const probe = join(repoRoot, 'bench/lib/memory-probe.mjs');

const rows: { who: string; moment: string; s: Snapshot }[] = [];
const cpuSeconds = (pid: number) => processCpuMs(pid) / 1000;
const cpu: Record<string, Partial<Record<'ready' | 'sent', number>>> = {};
/** Each thread's last probe of process `pid`: '' for the main thread, else 'thread-<id>'. */
const read = (pid: number) =>
  readdirSync(dir)
    .filter((f) => f.startsWith(`${pid}.`) || f.startsWith(`${pid}-`))
    .map((f) => ({ thread: f.slice(String(pid).length + 1, -'.json'.length).replace(/^json$/, ''), ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as { now: Snapshot; atPeak: Snapshot }) }));
// The probe writes every 250 ms: wait for a fresh file at each moment.
const settle = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600);

try {
  const m = await runBroadcast({
    recipients,
    maxMps: fast ? 1000 : 25,
    withEcho: true,
    ...(idleFirst ? { settleMs: SETTLE_MS } : {}),
    study: {
      nodeArgs: () => ['--import', probe],
      limits: fast ? false : undefined,
      at(moment, pids) {
        settle();
        for (const [who, pid] of Object.entries(pids)) {
          if (pid === undefined) continue;
          if (moment !== 'queued') (cpu[who] ??= {})[moment] = cpuSeconds(pid);
          for (const { thread, now, atPeak } of read(pid)) {
            const name = thread ? `${who} ${thread}` : who;
            rows.push({ who: name, moment, s: now });
            if (moment === 'sent') rows.push({ who: name, moment: 'highest RSS', s: atPeak });
          }
        }
      },
    },
  });
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  console.log(
    `${recipients} recipients${fast ? ' (fast)' : ''}: service ready ${mb(m.service.rssAtReady)} MB, queued ${mb(m.service.rssAfterQueued)}, ` +
      `peak ${mb(m.service.peak)}, lifetime ${mb(m.service.lifetimePeak)}; echo ready ${mb(m.echo!.rssAtReady)}, peak ${mb(m.echo!.peak)}; ` +
      `ratio ${(m.service.peak / m.echo!.peak).toFixed(2)}; ${m.delivered} delivered, ${m.tooManyRequests} × 429, reply p95 ${m.replyP95.toFixed(1)} ms`,
  );
  const cpuMs = (who: string) => (((cpu[who]?.sent ?? NaN) - (cpu[who]?.ready ?? NaN)) * 1000).toFixed(0);
  console.log(`CPU from ready to the last message sent: service ${cpuMs('service')} ms (POST /broadcasts included), echo ${cpuMs('echo')} ms`);
  const spaceNames = Object.keys(rows[0]!.s.spaces);
  console.log(['who', 'moment', 'rss', 'anon', 'file', 'threads', 'heapTotal', 'heapUsed', 'external', 'arrayBuf', ...spaceNames.map((n) => n.replace('_space', ''))].join('\t'));
  for (const { who, moment, s } of rows) {
    const spaces = spaceNames.map((n) => `${s.spaces[n]!.size}/${s.spaces[n]!.used}`);
    console.log([who, moment, s.rss, s.anon, s.file, s.threads, s.heapTotal, s.heapUsed, s.external, s.arrayBuffers, ...spaces].join('\t'));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
