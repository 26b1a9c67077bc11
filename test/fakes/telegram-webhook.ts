/** One webhook delivery: POST the update as JSON with Telegram's secret header, read the answer. */
import http from 'node:http';
import type { Update } from './telegram-types.js';

export type WebhookAnswer =
  | { status: number; statusText: string; contentType: string; body: Buffer }
  | { status: null; error: string };

export function postUpdate(
  url: string,
  update: Update,
  options: { secretToken?: string; agent: http.Agent; timeoutMs: number },
): Promise<WebhookAnswer> {
  const body = Buffer.from(JSON.stringify(update));
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': body.length,
  };
  if (options.secretToken) headers['x-telegram-bot-api-secret-token'] = options.secretToken;

  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', headers, agent: options.agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          contentType: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
        });
      });
      response.on('error', (error) => finishWithError(error.message));
    });
    const timer = setTimeout(() => {
      finishWithError('Read timeout expired');
      request.destroy();
    }, options.timeoutMs);
    function finishWithError(message: string) {
      clearTimeout(timer);
      resolve({ status: null, error: message });
    }
    request.on('error', (error: NodeJS.ErrnoException) =>
      finishWithError(error.code === 'ECONNREFUSED' ? 'Connection refused' : error.message),
    );
    request.end(body);
  });
}
