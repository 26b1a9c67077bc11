import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/env.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createApiToken } from '../../src/domain/api-tokens.js';
import { systemActor, type Ctx, type StaffRole } from '../../src/domain/context.js';
import { ensureDefaultUnitKinds } from '../../src/domain/unit-kinds.js';
import { createApp } from '../../src/http/app.js';
import { ActivityFeed } from '../../src/http/dashboard/activity-feed.js';
import { dashboardRoutes } from '../../src/http/dashboard/index.js';
import { ManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';

export const ADMIN_TOKEN = 'bootstrap-admin-token-for-tests-0123456789';

export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

/** A real app over a fresh SQLite file in a temp dir, with a token per role. */
export function makeTestApp(options: { now?: string; env?: Record<string, string>; dashboard?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-test-'));
  const config: Config = loadConfig({
    DATABASE_PATH: join(dir, 'app.db'),
    FILES_DIR: join(dir, 'files'),
    BACKUP_DIR: join(dir, 'backups'),
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    DEMO_DATA: '0',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const db: Db = openDatabase(config.databasePath);
  applyMigrations(db);
  const clock = new ManualClock(options.now ?? '2026-05-15T03:00:00Z');
  const log = silentLogger;
  const ctx: Ctx = { db, clock, log, actor: systemActor('test'), timeZone: config.timeZone, filesDir: config.filesDir };
  ensureDefaultUnitKinds(ctx);
  const deps = { db, clock, log, config };
  const feed = new ActivityFeed(ctx);
  const app = createApp(deps, options.dashboard ? { mount: (root) => root.route('/', dashboardRoutes({ ...deps, feed })) } : {});
  const tokens = {} as Record<StaffRole, string>;
  for (const role of ['viewer', 'staff', 'admin'] as const) {
    tokens[role] = createApiToken(ctx, { name: `test-${role}`, role }).token;
  }

  /** A real HTTP request through the app's front door. */
  async function request(
    method: string,
    path: string,
    opts: { as?: StaffRole | 'none' | 'bootstrap'; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    const as = opts.as ?? 'admin';
    if (as === 'bootstrap') headers.authorization = `Bearer ${ADMIN_TOKEN}`;
    else if (as !== 'none') headers.authorization = `Bearer ${tokens[as]}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  function close() {
    feed.close();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }

  return { app, db, clock, ctx, config, dir, tokens, feed, request, close };
}
