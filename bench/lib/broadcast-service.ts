/**
 * Child process of bench/broadcast.bench.ts: the production service (polling mode, sender
 * loop on) served on 127.0.0.1 as main.ts does, so its memory is measured alone, without the
 * fake Bot API and the load of the bench process. It samples its own RSS every second.
 *
 * Parent → child: { kind: 'stop' }. Child → parent: { kind: 'ready', port, token } then
 * { kind: 'stopped', maxRssBytes, rssAtReadyBytes }.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/env.js';
import { createApiToken } from '../../src/domain/api-tokens.js';
import { systemActor } from '../../src/domain/context.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService } from '../../src/service.js';

const recipients = Number(process.env.BENCH_RECIPIENTS);
const config = loadConfig(process.env);
const service = createService(config, { clock: systemClock, log: silentLogger, autoSend: true });
let maxRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
}, 1000);

const ctx = { db: service.db, clock: systemClock, log: silentLogger, actor: systemActor('bench'), timeZone: config.timeZone, filesDir: config.filesDir };
const token = createApiToken(ctx, { name: 'bench', role: 'staff' }).token;

// n active citizens on Telegram subscribed to announcements, inserted directly.
const sqlite = service.db.$client;
const now = Date.now();
const insert = sqlite.prepare(
  `INSERT INTO contacts (channel, platform_user_id, chat_id, display_name, role, status, created_at, updated_at)
   VALUES ('telegram', ?, ?, ?, 'citizen', 'active', ?, ?)`,
);
sqlite.transaction(() => {
  for (let i = 0; i < recipients; i++) insert.run(String(900_000_000 + i), String(900_000_000 + i), `Phụ huynh ${i + 1}`, now, now);
  sqlite.prepare(`INSERT INTO subscriptions (contact_id, topic, created_at) SELECT id, 'thong-bao-chung', ? FROM contacts`).run(now);
})();

await service.start();
const server = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const rssAtReady = process.memoryUsage().rss;
maxRss = Math.max(maxRss, rssAtReady);
process.send!({ kind: 'ready', port: (server.address() as AddressInfo).port, token });

process.on('message', async (m: { kind: string }) => {
  if (m.kind !== 'stop') return;
  clearInterval(sampler);
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await service.stop();
  process.send!({ kind: 'stopped', maxRssBytes: maxRss, rssAtReadyBytes: rssAtReady }, () => process.exit(0));
});
