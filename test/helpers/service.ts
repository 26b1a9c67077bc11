import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/env.js';
import { createApiToken } from '../../src/domain/api-tokens.js';
import { systemActor } from '../../src/domain/context.js';
import type { Clock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService, type Service } from '../../src/service.js';
import { FakeTelegramBotApi, type FakeUser } from '../fakes/telegram-bot-api.js';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

/** Real time shifted to a chosen "now", so deadlines are fixed but timers still run. */
export class ShiftedClock implements Clock {
  private offset: number;
  constructor(now: string | Date) {
    this.offset = new Date(now).getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export type Harness = {
  fake: FakeTelegramBotApi;
  service: Service;
  config: Config;
  clock: ShiftedClock;
  adminToken: string;
  dir: string;
  /** http://127.0.0.1:PORT in webhook mode. */
  webhookBase: string;
  /** Stops the process-like service and starts a new one over the same files. */
  restart(): Promise<void>;
  api(method: string, path: string, json?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
};

/**
 * The whole service (engine, inbox, outbox sender, Telegram adapter) with the real telegraf
 * client talking to the fake Bot API on 127.0.0.1.
 */
export async function startHarness(
  opts: { webhook?: boolean; now?: string; env?: Record<string, string>; /** PUBLIC_BASE_URL is the webhook listener (a browser follows links back to it). */ publicIsListener?: boolean } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-svc-'));
  const fake = await FakeTelegramBotApi.start();
  const clock = new ShiftedClock(opts.now ?? '2026-05-15T03:00:00Z');
  // Webhook mode needs a real listener before the service exists (its URL goes into config).
  let server: ServerType | undefined;
  let fetchHandler: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  let webhookBase = '';
  if (opts.webhook) {
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: (req) => fetchHandler(req), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    webhookBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const env: Record<string, string> = {
    DATABASE_PATH: join(dir, 'app.db'),
    FILES_DIR: join(dir, 'files'),
    BACKUP_DIR: join(dir, 'backups'),
    DEMO_DATA: '0',
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: opts.publicIsListener && webhookBase ? webhookBase : 'https://caunoi.test',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...(opts.webhook
      ? { TELEGRAM_WEBHOOK_URL: `${webhookBase}/telegram/webhook`, TELEGRAM_WEBHOOK_SECRET: 'test-webhook-secret_123' }
      : {}),
    ...opts.env,
  };
  const config = loadConfig(env);
  const make = (cfg: Config) => createService(cfg, { clock, log: silentLogger, perChatPerSecond: 100, perChatBurst: 100, scheduler: false });
  let service = make(config);
  fetchHandler = (req) => service.app.fetch(req);
  const adminToken = createApiToken(
    { db: service.db, clock, log: silentLogger, actor: systemActor('test'), timeZone: config.timeZone, filesDir: config.filesDir },
    { name: 'test-admin', role: 'admin' },
  ).token;
  await service.start();

  const harness: Harness = {
    fake,
    get service() {
      return service;
    },
    config,
    clock,
    adminToken,
    dir,
    async restart() {
      await service.stop();
      service = make(config);
      await service.start();
    },
    api: (method, path, json) => adminRequest(service, adminToken, method, path, json),
    webhookBase,
    async close() {
      await service.stop();
      await fake.close();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  } as Harness;
  return harness;
}

/** A request to the service's app as the admin, JSON in and out. */
export async function adminRequest(service: Service, token: string, method: string, path: string, json?: unknown): Promise<{ status: number; json: any }> {
  const res = await service.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** A unit, a campaign with one open plan requirement (form ke-hoach-dan-van-kheo), and an invite. */
export async function seedPlan(h: Pick<Harness, 'api'>, opts: { dueAt?: string; kind?: 'plan' | 'report'; formKey?: string } = {}) {
  const unit = await h.api('POST', '/api/v1/units', { code: 'THPT-TEST', name: 'Trường THPT Thử Nghiệm', kind: 'truong_thpt' });
  const campaign = await h.api('POST', '/api/v1/campaigns', {
    title: 'Thực hiện “Năm Dân vận khéo” 2020',
    referenceNumber: '1234/KH-SGDĐT',
    issuedOn: '2020-05-12',
  });
  const requirement = await h.api('POST', `/api/v1/campaigns/${campaign.json.id}/requirements`, {
    title: 'Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị',
    kind: opts.kind ?? 'plan',
    dueAt: opts.dueAt ?? '2026-05-23 17:00',
    formKey: opts.formKey ?? 'ke-hoach-dan-van-kheo',
    audience: { unitKinds: ['truong_thpt'] },
  });
  const invite = await h.api('POST', `/api/v1/units/${unit.json.id}/invites`, {});
  if (unit.status !== 201 || requirement.status !== 201 || invite.status !== 201) {
    throw new Error(`seed failed: ${JSON.stringify([unit.json, requirement.json, invite.json])}`);
  }
  return { unitId: unit.json.id as number, requirementId: requirement.json.id as number, campaignId: campaign.json.id as number, code: invite.json.code as string };
}

/** A Telegram user linked as a contact of the unit with this code, through an invite as in real life. */
export async function linkUnitContact(h: Harness, user: FakeUser, unitCode: string): Promise<void> {
  const units = await h.api('GET', `/api/v1/units?q=${encodeURIComponent(unitCode)}`);
  const unit = (units.json.items as { id: number; code: string }[]).find((u) => u.code === unitCode);
  if (!unit) throw new Error(`no unit ${unitCode}`);
  const invite = await h.api('POST', `/api/v1/units/${unit.id}/invites`, {});
  await h.fake.userSendsCommand(user, '/start', invite.json.code);
  await h.fake.waitForText(user.id, /liên kết với đơn vị/);
}
