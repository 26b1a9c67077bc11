import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { startFlags } from './lib/child-process.js';
import type { BenchMeta, BenchResult } from './result.js';

// The service that benchmarks run in this process (webhook, dashboard, …) is measured under the
// V8 flags `npm start` gives it: this file runs itself once more, with them. Bots it is compared
// with run bare in their own processes (bench/lib/echo-process.ts).
if (process.env.BENCH_UNDER_START_FLAGS !== '1') {
  const child = spawnSync(process.execPath, [...startFlags(), '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_UNDER_START_FLAGS: '1' },
  });
  process.exit(child.status ?? 1);
}

/**
 * `npm run bench`: the quick set (every bench/*.bench.ts whose meta is not `long`).
 * `npm run bench -- --all`: every benchmark, the long ones too.
 * `npm run bench -- <name>`: the benchmarks whose file name contains <name>, long or not.
 * Each module's default export returns BenchResult[]; its `meta` says how long it takes.
 */
type BenchModule = { default: () => Promise<BenchResult[]>; meta?: BenchMeta };

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const all = args.includes('--all');
const names = args.filter((a) => !a.startsWith('--'));
const filter = names.length > 0;
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || names.some((name) => f.includes(name)))
  .sort();

const modules: { file: string; mod: BenchModule }[] = [];
for (const file of files) modules.push({ file, mod: (await import(pathToFileURL(join(here, file)).href)) as BenchModule });

const chosen = modules.filter(({ mod }) => all || filter || !mod.meta?.long);
const skipped = modules.filter((m) => !chosen.includes(m));
console.log(
  `Running ${chosen.length} benchmark file(s): ` +
    chosen.map(({ file, mod }) => `${file} (${mod.meta?.estimate ?? 'under a minute'})`).join(', '),
);
if (skipped.length) {
  console.log(`Long ones left out (run with --all, or name one): ${skipped.map(({ file, mod }) => `${file} (${mod.meta?.estimate})`).join(', ')}`);
}

const results: BenchResult[] = [];
const crashed: string[] = [];
for (const { file, mod } of chosen) {
  const started = Date.now();
  console.log(`\n# ${file} — ${mod.meta?.estimate ?? 'under a minute'}`);
  // One broken benchmark is reported and the others still run.
  let measured: BenchResult[];
  try {
    measured = await mod.default();
  } catch (err) {
    console.log(`FAIL  ${file} did not finish: ${err instanceof Error ? err.message : String(err)}`);
    crashed.push(file);
    continue;
  }
  for (const r of measured) {
    results.push(r);
    console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name}: ${r.value} ${r.unit} (target ${r.target})`);
  }
  console.log(`  (${Math.round((Date.now() - started) / 1000)} s)`);
}
const failed = results.filter((r) => !r.pass).length;
console.log(`\n${results.length - failed} of ${results.length} benchmark targets met`);
if (crashed.length) console.log(`did not finish: ${crashed.join(', ')}`);
process.exit(crashed.length ? 1 : 0);
