import http from 'node:http';
import https from 'node:https';
import type { Telegraf } from 'telegraf';
import { TelegramError } from 'telegraf';

/** A request that hangs this long is given up (the sender has its own, shorter, timeout too). */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * A Bot API method with a JSON body, called without telegraf's client: one POST on the bot's
 * keep-alive agent. Every reply goes through sendMessage, and node-fetch's Request and
 * Response objects cost more CPU than the rest of a send (bench/webhook.bench.ts). Failures
 * are telegraf's TelegramError, as the client throws them; network errors carry no URL, so
 * the token never reaches a log.
 */
export function jsonCaller(bot: Telegraf): <T>(method: string, payload: object) => Promise<T> {
  const { apiRoot, agent } = bot.telegram.options;
  const base = new URL(`./bot${(bot.telegram as unknown as { token: string }).token}/`, apiRoot);
  const transport = base.protocol === 'https:' ? https : http;
  return <T>(method: string, payload: object) =>
    new Promise<T>((resolve, reject) => {
      const body = JSON.stringify(payload);
      const req = transport.request(
        {
          agent: agent as http.Agent | undefined,
          hostname: base.hostname,
          port: base.port,
          path: base.pathname + method,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (err) => reject(networkError(method, err)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 500) return reject(new TelegramError({ error_code: status, description: res.statusMessage ?? 'Bot API error' }, { method, payload }));
            let data: { ok: boolean; result?: T; error_code: number; description: string; parameters?: { retry_after?: number } };
            try {
              data = JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'));
            } catch {
              return reject(new Error(`telegram ${method}: the answer was not JSON (HTTP ${status})`));
            }
            if (data.ok) resolve(data.result as T);
            else reject(new TelegramError(data, { method, payload }));
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', (err) => reject(networkError(method, err)));
      req.end(body);
    });
}

function networkError(method: string, err: NodeJS.ErrnoException): Error {
  return new Error(`telegram ${method}: ${err.code ?? err.message}`);
}
