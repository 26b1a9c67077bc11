import type { ZaloEnvelope, ZaloMe, ZaloSent, ZaloUpdate } from './types.js';

export const ZALO_DEFAULT_API_ROOT = 'https://bot-api.zaloplatforms.com';

/** The platform answered with ok: false (HTTP status and error_code both kept). */
export class ZaloApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly httpStatus: number,
  ) {
    super(`zalo ${code}: ${description}`);
    this.name = 'ZaloApiError';
  }
}

/**
 * A small typed client of the Zalo Bot Platform: POST + JSON to /bot<TOKEN>/<method> (the
 * official SDK is obfuscated and adds nothing). The token sits in the URL path, so no URL
 * is ever logged or put in an error message.
 */
export class ZaloBotClient {
  private readonly base: string;

  constructor(token: string, apiRoot = ZALO_DEFAULT_API_ROOT) {
    this.base = `${apiRoot.replace(/\/+$/, '')}/bot${token}`;
  }

  async call<T>(method: string, params: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      // fetch's message can hold the URL, and with it the token.
      throw new Error(`zalo ${method}: network error (${(err as { cause?: { code?: string } }).cause?.code ?? 'fetch failed'})`);
    }
    const body = (await res.json().catch(() => undefined)) as ZaloEnvelope<T> | undefined;
    if (!body) throw new ZaloApiError(res.status, `HTTP ${res.status} without a JSON body`, res.status);
    if (!body.ok) throw new ZaloApiError(body.error_code, body.description ?? 'error', res.status);
    return body.result;
  }

  getMe(): Promise<ZaloMe> {
    return this.call('getMe');
  }
  /** One update, or ZaloApiError 408 when the wait ends with nothing. */
  getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloUpdate> {
    return this.call('getUpdates', { timeout: String(timeoutSeconds) }, signal);
  }
  setWebhook(url: string, secretToken: string): Promise<{ url: string; updated_at: number }> {
    return this.call('setWebhook', { url, secret_token: secretToken });
  }
  deleteWebhook(): Promise<{ url: string; updated_at: number }> {
    return this.call('deleteWebhook');
  }
  sendMessage(chatId: string, text: string): Promise<ZaloSent> {
    return this.call('sendMessage', { chat_id: chatId, text });
  }
  sendPhoto(chatId: string, photoUrl: string, caption?: string): Promise<ZaloSent> {
    return this.call('sendPhoto', { chat_id: chatId, photo: photoUrl, ...(caption ? { caption } : {}) });
  }
  sendChatAction(chatId: string, action: 'typing'): Promise<unknown> {
    return this.call('sendChatAction', { chat_id: chatId, action });
  }
}
