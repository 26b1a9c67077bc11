import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/env.js';
import { createApiToken } from '../../src/domain/api-tokens.js';
import { systemActor } from '../../src/domain/context.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService, type Service } from '../../src/service.js';
import type { ChannelDriver } from '../conversation/channels/driver.js';
import { adminRequest, ShiftedClock } from './service.js';

export type ChannelHarness = {
  driver: ChannelDriver;
  readonly service: Service;
  config: Config;
  clock: ShiftedClock;
  /** http://127.0.0.1:PORT: the service's real listener (webhooks, upload pages). */
  base: string;
  restart(): Promise<void>;
  api(method: string, path: string, json?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
};

/**
 * The whole service with one channel turned on by its driver (the driver's fake platform on
 * loopback, the real client in the service), listening on 127.0.0.1 for webhooks.
 */
export async function startChannelHarness(driver: ChannelDriver, opts: { now?: string; env?: Record<string, string> } = {}): Promise<ChannelHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-ch-'));
  const clock = new ShiftedClock(opts.now ?? '2026-05-15T03:00:00Z');
  let fetchHandler: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req) => fetchHandler(req), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const channelEnv = await driver.start({ webhookBase: base });
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'app.db'),
    FILES_DIR: join(dir, 'files'),
    BACKUP_DIR: join(dir, 'backups'),
    DEMO_DATA: '0',
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: base,
    ...channelEnv,
    ...opts.env,
  });
  const make = () => createService(config, { clock, log: silentLogger, perChatPerSecond: 100, perChatBurst: 100, scheduler: false });
  let service = make();
  fetchHandler = (req) => service.app.fetch(req);
  const adminToken = createApiToken(
    { db: service.db, clock, log: silentLogger, actor: systemActor('test'), timeZone: config.timeZone, filesDir: config.filesDir },
    { name: 'test-admin', role: 'admin' },
  ).token;
  await service.start();
  return {
    driver,
    get service() {
      return service;
    },
    config,
    clock,
    base,
    async restart() {
      await service.stop();
      service = make();
      await service.start();
    },
    api: (method, path, json) => adminRequest(service, adminToken, method, path, json),
    async close() {
      await service.stop();
      await driver.close();
      (server as import('node:http').Server).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
