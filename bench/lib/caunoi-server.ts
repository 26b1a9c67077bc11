import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/env.js';
import { createApiToken } from '../../src/domain/api-tokens.js';
import { systemActor } from '../../src/domain/context.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService, type Service } from '../../src/service.js';
import type { FakeResult, Target } from './load-protocol.js';
import { closeServer, WEBHOOK_SECRET } from './webhook-server.js';

export type CauNoiServer = {
  service: Service;
  target: Target;
  /** Codes of fresh unit invites, one per unit, for "/start <code>". */
  inviteCodes: string[];
  close(): Promise<void>;
};

/**
 * The bot's overall limit, set far above what one core can do, so that the measured cost and not
 * a flood limit sets the rate (the echo bot has none). It was Telegram's paid-broadcast 1,000/s
 * until the service reached ~950 updates/s, about one reply each: then it was the limit measured.
 * Per-chat limits stay Telegram's.
 */
export const BENCH_MAX_MPS = 10_000;

/**
 * The production service in webhook mode, served by @hono/node-server on 127.0.0.1 like
 * main.ts does, with a fake Bot API (in the load generator's process) standing in for
 * api.telegram.org: setWebhook, setMyCommands, and every reply, sent by the real outbox
 * sender at TELEGRAM_MAX_MPS=BENCH_MAX_MPS and the default per-chat limits.
 */
export async function startCauNoi(opts: { units: number; bot: FakeResult }): Promise<CauNoiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-bench-webhook-'));
  const fake = opts.bot;
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'app.db'),
    FILES_DIR: join(dir, 'files'),
    DEMO_DATA: '0',
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'https://caunoi.example',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://example.invalid/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  // Past what TELEGRAM_MAX_MPS accepts (1,000, Telegram's paid broadcasts): set on the parsed config.
  config.telegram.maxMessagesPerSecond = BENCH_MAX_MPS;
  // No cron jobs: only the webhook path and its replies are measured.
  const service = createService(config, { clock: systemClock, log: silentLogger, scheduler: false });
  const admin = createApiToken(
    { db: service.db, clock: systemClock, log: silentLogger, actor: systemActor('bench'), timeZone: config.timeZone, filesDir: config.filesDir },
    { name: 'bench-admin', role: 'admin' },
  ).token;
  const api = async (path: string, json: unknown) => {
    const res = await service.app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  // Units with an open plan requirement each, so "/status" from a unit contact lists real work.
  const unitIds: number[] = [];
  for (let i = 0; i < opts.units; i++) {
    const u = await api('/api/v1/units', { code: `BENCH-${String(i).padStart(4, '0')}`, name: `Trường THPT số ${i + 1} Nghệ An`, kind: 'truong_thpt' });
    unitIds.push(u.id as number);
  }
  const campaign = await api('/api/v1/campaigns', { title: 'Thực hiện “Năm Dân vận khéo”', referenceNumber: '1234/KH-SGDĐT' });
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await api(`/api/v1/campaigns/${campaign.id as number}/requirements`, {
    title: 'Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị',
    kind: 'plan',
    dueAt: `${due} 17:00`,
    formKey: 'ke-hoach-dan-van-kheo',
    audience: { unitKinds: ['truong_thpt'] },
  });
  const inviteCodes: string[] = [];
  for (const id of unitIds) inviteCodes.push((await api(`/api/v1/units/${id}/invites`, {})).code as string);

  await service.start(); // registers the webhook with the fake
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    service,
    inviteCodes,
    target: { url: `http://127.0.0.1:${port}/telegram/webhook`, headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } },
    async close() {
      await closeServer(server);
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
