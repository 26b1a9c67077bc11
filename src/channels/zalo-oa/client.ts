import type { OaEnvelope, OaMessage, OaQuota, OaRecipient, OaSent } from './api-types.js';
import { ZaloOaApiError } from './errors.js';

export const OA_API_ROOT = 'https://openapi.zalo.me';
const TIMEOUT_MS = 15_000;

/**
 * A small typed client for the OA Open API: consultation messages, quota, uploads. Every call
 * carries the access token as a bare `access_token` header; a non-zero `error` in the body
 * (usually with HTTP 200) becomes a ZaloOaApiError, a failed connection a plain Error.
 */
export class ZaloOaClient {
  constructor(private readonly apiRoot: string = OA_API_ROOT) {}

  /** POST /v3.0/oa/message/cs: a consultation ("tư vấn") message. */
  sendMessage(accessToken: string, recipient: OaRecipient, message: OaMessage): Promise<OaSent> {
    return this.call<OaSent>('/v3.0/oa/message/cs', accessToken, { recipient, message });
  }

  /** POST /v3.0/oa/quota/message: when the person last interacted and how many replies remain. */
  quota(accessToken: string, userId: string): Promise<OaQuota> {
    return this.call<OaQuota>('/v3.0/oa/quota/message', accessToken, { user_id: userId });
  }

  /** POST /v2.0/oa/upload/{file,image}: a file gives a `token`, an image an `attachment_id`. */
  async upload(accessToken: string, kind: 'file' | 'image', bytes: Buffer, name: string, mimeType: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: mimeType }), name);
    const data = await this.request<{ token?: string; attachment_id?: string }>(`/v2.0/oa/upload/${kind}`, accessToken, form);
    const ref = kind === 'file' ? data.token : data.attachment_id;
    if (!ref) throw new ZaloOaApiError(-1, `upload ${kind}: no reference in the answer`, 200);
    return ref;
  }

  private call<T>(path: string, accessToken: string, body: unknown): Promise<T> {
    return this.request<T>(path, accessToken, JSON.stringify(body), 'application/json');
  }

  private async request<T>(path: string, accessToken: string, body: string | FormData, contentType?: string): Promise<T> {
    const headers: Record<string, string> = { access_token: accessToken };
    if (contentType) headers['content-type'] = contentType;
    const res = await fetch(this.apiRoot + path, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await res.text();
    let envelope: OaEnvelope<T> | undefined;
    try {
      envelope = text ? (JSON.parse(text) as OaEnvelope<T>) : undefined;
    } catch {
      envelope = undefined;
    }
    if (!envelope || typeof envelope.error !== 'number') {
      throw new ZaloOaApiError(res.ok ? -1 : -res.status, `${path}: HTTP ${res.status}, unreadable answer`, res.status);
    }
    if (envelope.error !== 0) throw new ZaloOaApiError(envelope.error, `${path}: ${envelope.message ?? 'error'} (${envelope.error})`, res.status);
    return (envelope.data ?? {}) as T;
  }
}
