import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config/env.js';
import { openDatabase } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { systemActor, type Ctx } from './domain/context.js';
import { ensureDefaultUnitKinds } from './domain/unit-kinds.js';
import { createApp } from './http/app.js';
import { systemClock } from './lib/clock.js';
import { createLogger } from './lib/logger.js';
import { seedDemoData } from './demo/seed.js';

/** The only composition root: config → logger → database → services → HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, [
    config.adminApiToken,
    config.telegram.botToken,
    config.telegram.webhookSecret,
    config.zalo.botToken,
    config.zalo.webhookSecret,
  ]);
  const db = openDatabase(config.databasePath);
  applyMigrations(db);
  const clock = systemClock;
  const ctx: Ctx = { db, clock, log, actor: systemActor('startup'), timeZone: config.timeZone, filesDir: config.filesDir };
  ensureDefaultUnitKinds(ctx);
  if (config.demoData) {
    const seeded = seedDemoData(ctx);
    if (seeded) log.info(seeded, 'demo data seeded');
  }

  const app = createApp({ db, clock, log, config });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log.info(`Cầu Nối listening on http://${info.address === '0.0.0.0' ? 'localhost' : info.address}:${info.port} — API docs at /api/docs`);
    if (!config.adminApiToken) {
      log.warn('ADMIN_API_TOKEN is not set: create a token with `npm run cli -- token:create --name me --role admin`');
    }
  });

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close(() => {
      db.$client.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
