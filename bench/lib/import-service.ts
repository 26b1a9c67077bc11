/**
 * Child process of bench/hostile-import.bench.ts: the production service (cron scheduler off,
 * jobs run through the API) served on 127.0.0.1 as main.ts does, so its peak RSS is its own.
 *
 * Child → parent: { kind: 'ready', port, token }. Parent → child: { kind: 'lag' } → { kind: 'lag',
 * maxMs, p99Ms, rssPeakBytes }: the event loop's delay since the last ask (how long the service itself was
 * blocked, apart from what the machine's other work costs); { kind: 'control', ms } → { kind:
 * 'control-done' } after `ms` of busy work in 10 ms slices (what a perfectly sliced job looks like
 * on this machine right now); { kind: 'stop' } → { kind: 'stopped',
 * maxRssBytes } (the kernel's peak resident set size).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/env.js';
import { createApiToken } from '../../src/domain/api-tokens.js';
import { systemActor } from '../../src/domain/context.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService } from '../../src/service.js';

const config = loadConfig(process.env);
const service = createService(config, { clock: systemClock, log: silentLogger, autoSend: false, scheduler: false });
const ctx = { db: service.db, clock: systemClock, log: silentLogger, actor: systemActor('bench'), timeZone: config.timeZone, filesDir: config.filesDir };
const token = createApiToken(ctx, { name: 'bench', role: 'admin' }).token;

await service.start();
const server = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
process.send!({ kind: 'ready', port: (server.address() as AddressInfo).port, token, rssAtReadyBytes: process.memoryUsage().rss });

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
let rssPeak = 0;
setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20).unref();

/** Busy work given back to the loop every 10 ms: the best any sliced job can do. */
async function control(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const sliceEnd = performance.now() + 10;
    while (performance.now() < sliceEnd);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

process.on('message', async (m: { kind: string; ms?: number }) => {
  if (m.kind === 'control') {
    await control(m.ms ?? 3000);
    process.send!({ kind: 'control-done' });
    return;
  }
  if (m.kind === 'lag') {
    process.send!({ kind: 'lag', maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, rssPeakBytes: rssPeak });
    delay.reset();
    rssPeak = 0;
    return;
  }
  if (m.kind !== 'stop') return;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await service.stop();
  process.send!({ kind: 'stopped', maxRssBytes: process.resourceUsage().maxRSS * 1024 }, () => process.exit(0));
});
