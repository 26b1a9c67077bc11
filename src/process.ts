import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config/env.js';
import { DatabaseInUseError } from './db/instance-lock.js';
import { systemClock } from './lib/clock.js';
import { createLogger } from './lib/logger.js';
import { collectStartupGarbage, startQuietCollector } from './lib/memory-settings.js';
import { createService } from './service.js';

/** The process (started by main.ts): config → service → HTTP listener and signal handling. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, [
    config.adminApiToken,
    config.telegram.botToken,
    config.telegram.webhookSecret,
    config.zalo.botToken,
    config.zalo.webhookSecret,
    config.zaloOa?.appSecret,
    config.zaloOa?.oaSecretKey,
    config.zaloOa?.bootstrapRefreshToken,
  ]);
  const service = createService(config, { clock: systemClock, log });
  if (service.demo) log.info(service.demo, 'demo data seeded');

  const server = serve({ fetch: service.app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = info.address === '0.0.0.0' || info.address === '::' ? 'localhost' : info.address;
    log.info(`Cầu Nối listening on http://${host}:${info.port} — API docs at /api/docs`);
    if (config.demoData) log.info(`Try the bot without a token: http://${host}:${info.port}/simulator`);
    if (!config.adminApiToken) {
      log.warn('ADMIN_API_TOKEN is not set: create a token with `npm run cli -- token:create --name me --role admin`');
    }
  });
  await service.start();
  collectStartupGarbage();
  startQuietCollector({
    onCollected: ({ ms, freedBytes }) => log.debug({ ms: Math.round(ms), freedMb: Math.round(freedBytes / 1e5) / 10 }, 'quiet full collection'),
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(0), 5000).unref();
    server.close();
    service.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  // A mistake the operator can fix is one sentence; anything else keeps its stack for the log.
  console.error(err instanceof ConfigError || err instanceof DatabaseInUseError ? err.message : err);
  process.exit(1);
});
