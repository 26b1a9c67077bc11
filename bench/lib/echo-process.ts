import { freePort, spawnNode, stopProcess, waitUntil } from './child-process.js';
import type { Target } from './load-protocol.js';
import { WEBHOOK_SECRET } from './webhook-server.js';

export type EchoProcess = { target: Target; pid: number; close(): Promise<void> };

/**
 * The webhook benchmark's telegraf echo bot in its own bare process (bench/lib/echo-service.ts):
 * the service under test runs with `npm start`'s V8 flags, the bot it is compared with as
 * anyone would run it, and each one's CPU is its own process's.
 */
export async function startEchoProcess(fake: { token: string; apiRoot: string }): Promise<EchoProcess> {
  const port = await freePort();
  const child = spawnNode('bench/lib/echo-service.ts', { BENCH_BOT_TOKEN: fake.token, BENCH_API_ROOT: fake.apiRoot, BENCH_ECHO_PORT: String(port) });
  const url = `http://127.0.0.1:${port}/telegram/webhook`;
  // Listening once it answers anything (a GET on its POST-only path is a 404).
  await waitUntil(child, 'echo bot', async () => (await fetch(url)).status === 404);
  return {
    pid: child.pid!,
    target: { url, headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } },
    close: () => stopProcess(child),
  };
}
