/** What both bots of the benchmarks share: the webhook secret and closing their HTTP server. */
import type { ServerType } from '@hono/node-server';

export const WEBHOOK_SECRET = 'bench-webhook-secret_0123456789';

export async function closeServer(server: ServerType): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}
