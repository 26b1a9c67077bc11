/**
 * What the service allocates while it sends a broadcast (issue 9: a process allocating more
 * than ~1 MB a second makes V8 grow its young generation, BENCHMARKS.md):
 * `npx tsx bench/lib/allocation-profile.ts [recipients] [--live]`. It runs a broadcast at 25/s
 * (bench/lib/broadcast-run.ts) with bench/lib/allocation-probe.mjs preloaded into the service,
 * samples from 20 s to 60 s after start (the broadcast is being sent), and prints the bytes
 * allocated per second and the call paths that allocated most. --live: only what survived
 * young-generation collections (what grows the old generation). --exact: the service runs without
 * TurboFan's inlining, so each allocation is charged to the function that made it rather than
 * to the one it was inlined into (slower, so not for timing). --save=<file>: keeps the profile.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBroadcast } from './broadcast-run.js';
import { repoRoot } from './child-process.js';

type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };

const args = process.argv.slice(2);
const recipients = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const FROM_MS = 20_000;
const TO_MS = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'cau-noi-alloc-'));
Object.assign(process.env, {
  BENCH_ALLOC_DIR: dir,
  BENCH_ALLOC_FROM_MS: String(FROM_MS),
  BENCH_ALLOC_TO_MS: String(TO_MS),
  BENCH_ALLOC_LIVE: args.includes('--live') ? '1' : '0',
});

try {
  const m = await runBroadcast({
    recipients,
    maxMps: 25,
    study: {
      nodeArgs: (who) =>
        who === 'service' ? [...(args.includes('--exact') ? ['--no-turbo-inlining'] : []), '--import', join(repoRoot, 'bench/lib/allocation-probe.mjs')] : [],
    },
  });
  const file = readdirSync(dir).find((f) => f.endsWith('.heapprofile'));
  if (!file) throw new Error(`no profile: the broadcast ended before ${TO_MS / 1000} s (${m.windowSeconds.toFixed(0)} s of sending)`);
  const text = readFileSync(join(dir, file), 'utf8');
  const save = args.find((a) => a.startsWith('--save='))?.slice('--save='.length);
  if (save) writeFileSync(save, text); // for Chrome DevTools' Memory tab, or a closer look
  const profile = JSON.parse(text) as { head: Node };
  const size = (n: Node): number => n.selfSize + n.children.reduce((s, c) => s + size(c), 0);
  const total = size(profile.head);
  console.log(`${(total / 1024 / 1024).toFixed(1)} MB sampled in ${(TO_MS - FROM_MS) / 1000} s: ${(total / (TO_MS - FROM_MS)).toFixed(0)} bytes/ms`);
  // Inclusive bytes by function (each counted once per path), the largest first.
  const short = (url: string) => url.replace(/^.*\/(node_modules|src|bench)\//, '$1/');
  const name = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}`;
  const inclusive = new Map<string, number>();
  const walk = (n: Node, onPath: Set<string>) => {
    const key = name(n);
    if (!onPath.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + size(n));
    const next = new Set(onPath).add(key);
    for (const c of n.children) walk(c, next);
  };
  walk(profile.head, new Set());
  const self = new Map<string, number>();
  const walkSelf = (n: Node) => {
    self.set(name(n), (self.get(name(n)) ?? 0) + n.selfSize);
    for (const c of n.children) walkSelf(c);
  };
  walkSelf(profile.head);
  const show = (title: string, bytesBy: Map<string, number>, skip: number) => {
    console.log(title);
    for (const [key, bytes] of [...bytesBy].sort((a, b) => b[1] - a[1]).slice(skip, skip + 40)) {
      console.log(`${(bytes / 1024 / 1024).toFixed(2).padStart(7)} MB  ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  show('inclusive (each function once per path):', inclusive, 1);
  show('allocated by the function itself:', self, 0);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
