// Preloaded into a bot under study (`--import ./bench/lib/memory-probe.mjs`, by
// bench/lib/memory-breakdown.ts; never in a measured run): every 250 ms it writes what V8 and
// the process say about memory to <BENCH_MEMORY_PROBE_DIR>/<pid>.json, now and at the highest
// RSS so far, so the parent can read it at the moments it cares about. Plain JavaScript: it
// loads before tsx.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import { threadId } from 'node:worker_threads';

const dir = process.env.BENCH_MEMORY_PROBE_DIR;
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** RSS split by kind: anonymous (heaps, malloc), file-backed (code, mmap), shared. */
function rssKinds() {
  const text = readFileSync('/proc/self/status', 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { anon: mb(kb('RssAnon')), file: mb(kb('RssFile')), shmem: mb(kb('RssShmem')), threads: Number(/^Threads:\s+(\d+)/m.exec(text)?.[1]) };
}

function snapshot() {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: mb(s.space_size), used: mb(s.space_used_size) }]));
  return {
    rss: mb(m.rss),
    heapTotal: mb(m.heapTotal),
    heapUsed: mb(m.heapUsed),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    ...rssKinds(),
    spaces,
  };
}

if (dir) {
  // A preload runs in worker threads too: each thread its own file (the main thread's is <pid>.json).
  const file = join(dir, threadId === 0 ? `${process.pid}.json` : `${process.pid}-thread-${threadId}.json`);
  let atPeak = snapshot();
  const timer = setInterval(() => {
    const now = snapshot();
    if (now.rss >= atPeak.rss) atPeak = now;
    writeFileSync(file, JSON.stringify({ now, atPeak }));
  }, 250);
  timer.unref();
}
