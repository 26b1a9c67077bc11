import type { Telegraf } from 'telegraf';
import { TelegramError } from 'telegraf';
import { Http1NetworkError, Http1Pool } from '../../lib/http1-pool.js';

export type JsonCallerOptions = {
  /** Connections to the Bot API kept open at most (the sender's sends in flight). */
  maxSockets?: number;
};

type BotApiAnswer<T> = { ok: boolean; result?: T; error_code: number; description: string; parameters?: { retry_after?: number } };

/**
 * A Bot API method with a JSON body, called without telegraf's client: one POST on a kept-alive
 * connection (src/lib/http1-pool.ts). Every reply and broadcast message goes through
 * sendMessage, where node-fetch's and node:http's objects cost more CPU and memory than the
 * rest of a send (bench/webhook.bench.ts, BENCHMARKS.md). Failures are telegraf's
 * TelegramError, as the client throws them; network errors carry no URL, so the token never
 * reaches a log.
 */
export function jsonCaller(bot: Telegraf, opts: JsonCallerOptions = {}): <T>(method: string, payload: object) => Promise<T> {
  const base = new URL(`./bot${(bot.telegram as unknown as { token: string }).token}/`, bot.telegram.options.apiRoot);
  const pool = new Http1Pool(new URL(base.origin), { maxSockets: opts.maxSockets });
  return async <T>(method: string, payload: object) => {
    let answer;
    try {
      answer = await pool.postJson(base.pathname + method, JSON.stringify(payload));
    } catch (err) {
      throw new Error(`telegram ${method}: ${err instanceof Http1NetworkError ? err.code : (err as Error).message}`);
    }
    const { status, statusText, body } = answer;
    if (status >= 500) throw new TelegramError({ error_code: status, description: statusText || 'Bot API error' }, { method, payload });
    let data: BotApiAnswer<T>;
    try {
      data = JSON.parse(body) as BotApiAnswer<T>;
    } catch {
      throw new Error(`telegram ${method}: the answer was not JSON (HTTP ${status})`);
    }
    if (data.ok) return data.result as T;
    throw new TelegramError(data, { method, payload });
  };
}
