import { userInfo } from 'node:os';
import { pino } from 'pino';
import type { Config } from '../config/env.js';
import { openDatabase } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { systemActor, type Ctx } from '../domain/context.js';
import { ensureDefaultUnitKinds } from '../domain/unit-kinds.js';
import { systemClock } from '../lib/clock.js';
import type { CliSession } from './command.js';

/** Who runs the CLI, so audit entries say `cli:<os user>` rather than a faceless "system". */
export function operatorName(env: Record<string, string | undefined> = process.env): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // Containers may run under a uid without a passwd entry.
  }
  return env.USER ?? env.USERNAME ?? 'unknown';
}

/** Opens the configured database the way the service does: migrated, default unit kinds present. */
export function openCliSession(config: Config): CliSession & { close: () => void } {
  const db = openDatabase(config.databasePath);
  try {
    applyMigrations(db);
    // Logs go to stderr: stdout carries what the operator asked for (e.g. a token to capture).
    const log = pino({ level: config.logLevel }, pino.destination({ fd: 2, sync: true }));
    const ctx: Ctx = {
      db,
      clock: systemClock,
      log,
      actor: systemActor(`cli:${operatorName()}`),
      timeZone: config.timeZone,
      filesDir: config.filesDir,
    };
    ensureDefaultUnitKinds(ctx);
    return { ctx, config, close: () => db.$client.close() };
  } catch (err) {
    db.$client.close();
    throw err;
  }
}
