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
import { FakeTelegramBotApi } from '../../test/fakes/telegram-bot-api.js';
import type { Target } from './load-protocol.js';

export const WEBHOOK_SECRET = 'bench-webhook-secret_0123456789';

export type CauNoiServer = {
  service: Service;
  target: Target;
  /** Codes of fresh unit invites, one per unit, for "/start <code>". */
  inviteCodes: string[];
  close(): Promise<void>;
};

/**
 * The production service in webhook mode, served by @hono/node-server on 127.0.0.1 like
 * main.ts does, with the fake Bot API standing in for api.telegram.org (setWebhook,
 * setMyCommands). autoSend is off: replies stay queued in the outbox, which is the end of the
 * measured path, and no outgoing HTTP competes for the core.
 */
export async function startCauNoi(opts: { units: number }): Promise<CauNoiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-bench-webhook-'));
  const fake = await FakeTelegramBotApi.start({ recordCalls: false });
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
  // No cron jobs: only the webhook path is measured.
  const service = createService(config, { clock: systemClock, log: silentLogger, autoSend: false, scheduler: false });
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
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function closeServer(server: ServerType): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}
