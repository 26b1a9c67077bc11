/**
 * A local fake of the Zalo OA Open API v3 and OAuth v4 on 127.0.0.1, speaking the documented
 * payloads (platforms.md §2, §5) to the real client in src/channels/zalo-oa:
 *
 * - OAuth: GET /v4/oa/permission consents at once and redirects to the callback with code,
 *   oa_id and state; POST /v4/oa/access_token exchanges a code with its PKCE verifier or spends
 *   a refresh token (single use, rotated; a used one gets an empty 200 body, an unknown one
 *   -14014), header secret_key checked.
 * - Messages: POST /v3.0/oa/message/cs (text, image, file), /v3.0/oa/quota/message, uploads
 *   under /v2.0/oa/upload/{file,image}; header access_token checked (-216 expired, -124 revoked);
 *   a person silent for 7 days gets -230, one without free replies left -211.
 * - Webhook: userSends* posts signed events to the service, as Zalo does.
 * - Test side: sent messages per person, token calls, faults (failNext), clock (now).
 */
import { serve, type ServerType } from '@hono/node-server';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Hono, type Context } from 'hono';
import { fileEvent, followEvent, imageEvent, signEvent, stickerEvent, textEvent, type OaEvent } from './zalo-oa-events.js';

export * from './zalo-oa-events.js';

const DAY = 24 * 3600_000;
export const FREE_REPLIES = 8;

export type FakeOaOptions = { now?: () => number; accessTtlSeconds?: number };

export type OaSentMessage = { userId: string; replyTo?: string; text?: string; image?: string; fileToken?: string; fileName?: string; buttons?: unknown[]; at: number };

type Person = { lastInteraction: number; freeLeft: number; lastMsgId?: string; followed: boolean };
type Fault = { path: string; answer: 'empty' | 'http500' | { error: number; message?: string }; times: number };

const randomToken = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

export class FakeZaloOa {
  readonly appId = '3608465248940903967';
  readonly appSecret = 'fake-app-secret-key-0123456789';
  readonly oaSecretKey = 'fake-oa-secret-key-abcdefghij';
  readonly oaId = '388613280878808645';
  /** Every consultation message that Zalo accepted, in order. */
  readonly sent: OaSentMessage[] = [];
  /** Every call to the token endpoint, by grant. */
  readonly tokenCalls: { grant: string; refreshToken?: string }[] = [];
  readonly quotaCalls: string[] = [];
  /** Refused sends (error code per call), for "it was not even attempted" checks. */
  readonly refusedSends: { userId: string; error: number }[] = [];
  /** Where userSends* posts (the service's /zalo-oa/webhook). */
  webhookUrl = '';
  /** When false, a refresh returns no refresh_token (Zalo sometimes does not rotate). */
  rotateRefreshTokens = true;
  accessTtlSeconds: number;
  now: () => number;

  private server!: ServerType;
  private base = '';
  private readonly codes = new Map<string, { challenge: string; used: boolean; at: number }>();
  private readonly access = new Map<string, { expiresAt: number; revoked: boolean }>();
  private readonly refresh = new Map<string, { used: boolean }>();
  private readonly people = new Map<string, Person>();
  private readonly uploads = new Map<string, { name: string; size: number }>();
  private readonly files = new Map<string, { bytes: Buffer; type: string }>();
  private readonly faults: Fault[] = [];

  private constructor(opts: FakeOaOptions) {
    this.now = opts.now ?? Date.now;
    this.accessTtlSeconds = opts.accessTtlSeconds ?? 90_000;
  }

  static async start(opts: FakeOaOptions = {}): Promise<FakeZaloOa> {
    const fake = new FakeZaloOa(opts);
    const app = fake.routes();
    await new Promise<void>((resolve) => {
      fake.server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    fake.base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get apiRoot(): string {
    return this.base;
  }
  get oauthRoot(): string {
    return this.base;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  // ---- test side ----------------------------------------------------------------------------

  /** What an OA admin's consent gives: a code for this PKCE challenge (valid 10 minutes, once). */
  issueCode(codeChallenge: string): string {
    const code = randomToken('code-');
    this.codes.set(code, { challenge: codeChallenge, used: false, at: this.now() });
    return code;
  }

  /** A refresh token as Zalo's API Explorer hands one out (for ZALO_OA_REFRESH_TOKEN). */
  issueRefreshToken(): string {
    const token = randomToken('rt-');
    this.refresh.set(token, { used: false });
    return token;
  }

  /** Makes Zalo refuse this access token from now on (-124) whatever its expiry. */
  revokeAccessToken(token: string): void {
    const t = this.access.get(token);
    if (t) t.revoked = true;
  }

  /** The next `times` calls to `path` get this answer instead (e.g. -14014, an empty body, HTTP 500). */
  failNext(path: string, answer: Fault['answer'], times = 1): void {
    this.faults.push({ path, answer, times });
  }

  /** The person last wrote this long ago (moves their window without sending anything). */
  setLastInteraction(userId: string, at: number, freeLeft = FREE_REPLIES): void {
    this.people.set(userId, { ...this.person(userId), lastInteraction: at, freeLeft, followed: true });
  }

  /** Texts the person received, in order. */
  textsTo(userId: string): string[] {
    return this.sent.filter((m) => m.userId === userId && m.text !== undefined).map((m) => m.text!);
  }

  /** Waits (polling the record, no fixed sleep) until the person received a text matching `re`. */
  async waitForText(userId: string, re: RegExp, timeoutMs = 5000, after = 0): Promise<OaSentMessage> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.sent.filter((m) => m.userId === userId && m.text !== undefined).slice(after).find((m) => re.test(m.text!));
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no text matching ${re} to ${userId}; got: ${JSON.stringify(this.textsTo(userId))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** A file a person sends is downloadable at a Zalo URL: this serves it. */
  hostFile(name: string, bytes: Buffer, type: string): string {
    const key = randomToken('f-');
    this.files.set(key, { bytes, type });
    return `${this.base}/files/${key}/${encodeURIComponent(name)}`;
  }

  uploaded(token: string): { name: string; size: number } | undefined {
    return this.uploads.get(token);
  }

  userSendsText(userId: string, text: string, opts?: DeliverOptions) {
    return this.deliver(textEvent(this.eventBase(), userId, text), opts);
  }
  userSendsImage(userId: string, url: string) {
    return this.deliver(imageEvent(this.eventBase(), userId, url));
  }
  userSendsFile(userId: string, file: { url: string; name: string; size: number; type: string }) {
    return this.deliver(fileEvent(this.eventBase(), userId, file));
  }
  userSendsSticker(userId: string) {
    return this.deliver(stickerEvent(this.eventBase(), userId));
  }
  userFollows(userId: string, name: 'follow' | 'unfollow' = 'follow') {
    return this.deliver(followEvent(this.eventBase(), userId, name));
  }

  /**
   * Posts an event to the webhook as Zalo does: raw JSON, X-ZEvent-Signature over it. `sign`
   * 'bad' uses a wrong key, 'none' sends no signature; `timestampHeader` adds X-ZEvent-Timestamp.
   */
  async deliver(event: OaEvent, opts: DeliverOptions = {}): Promise<{ status: number; body: string; event: OaEvent }> {
    const raw = JSON.stringify(event);
    if (event.sender && typeof (event.sender as { id?: string }).id === 'string') this.interacted((event.sender as { id: string }).id, event);
    if (event.follower && event.event_name === 'follow') this.interacted((event.follower as { id: string }).id, event);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const timestamp = opts.timestampHeader ?? event.timestamp;
    if (opts.timestampHeader) headers['x-zevent-timestamp'] = opts.timestampHeader;
    if (opts.sign !== 'none') headers['x-zevent-signature'] = signEvent(this.appId, raw, timestamp, opts.sign === 'bad' ? 'wrong-key' : this.oaSecretKey);
    if (opts.numRetry) headers['num_retry'] = String(opts.numRetry);
    const res = await fetch(this.webhookUrl, { method: 'POST', headers, body: raw });
    return { status: res.status, body: await res.text(), event };
  }

  /** The unsigned `POST {}` Zalo sends when the webhook URL is saved. */
  async probe(): Promise<number> {
    const res = await fetch(this.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await res.text();
    return res.status;
  }

  // ---- Zalo side ----------------------------------------------------------------------------

  private eventBase() {
    return { appId: this.appId, oaId: this.oaId, at: this.now() };
  }

  private person(userId: string): Person {
    return this.people.get(userId) ?? { lastInteraction: 0, freeLeft: 0, followed: false };
  }

  private interacted(userId: string, event: OaEvent): void {
    const msgId = (event.message as { msg_id?: string } | undefined)?.msg_id;
    this.people.set(userId, { lastInteraction: this.now(), freeLeft: FREE_REPLIES, lastMsgId: msgId, followed: true });
  }

  private fault(c: Context): Response | undefined {
    const f = this.faults.find((x) => x.path === c.req.path && x.times > 0);
    if (!f) return undefined;
    f.times -= 1;
    if (f.answer === 'empty') return c.body('', 200);
    if (f.answer === 'http500') return c.text('Internal Server Error', 500);
    return c.json({ error: f.answer.error, message: f.answer.message ?? 'fault', error_name: f.answer.message ?? 'fault' });
  }

  private grant(c: Context, withRefresh: boolean): Response {
    const accessToken = randomToken('at-');
    this.access.set(accessToken, { expiresAt: this.now() + this.accessTtlSeconds * 1000, revoked: false });
    const body: Record<string, string> = { access_token: accessToken, expires_in: String(this.accessTtlSeconds) };
    if (withRefresh) {
      const refreshToken = randomToken('rt-');
      this.refresh.set(refreshToken, { used: false });
      body.refresh_token = refreshToken;
    }
    return c.json(body);
  }

  /** -216 unknown or expired, -124 revoked; undefined when the token is good. */
  private tokenError(c: Context): number | undefined {
    const t = this.access.get(c.req.header('access_token') ?? '');
    if (!t || t.expiresAt <= this.now()) return -216;
    if (t.revoked) return -124;
    return undefined;
  }

  private routes(): Hono {
    const app = new Hono();
    const oaError = (c: Context, error: number, message: string) => c.json({ error, message });

    app.get('/v4/oa/permission', (c) => {
      const q = c.req.query();
      if (q.app_id !== this.appId || !q.redirect_uri || !q.code_challenge) return c.text('Ứng dụng không hợp lệ', 400);
      const target = new URL(q.redirect_uri);
      target.searchParams.set('code', this.issueCode(q.code_challenge));
      target.searchParams.set('oa_id', this.oaId);
      if (q.state) target.searchParams.set('state', q.state);
      return c.redirect(target.toString(), 302);
    });

    app.post('/v4/oa/access_token', async (c) => {
      const form = new URLSearchParams(await c.req.text());
      const grant = form.get('grant_type') ?? '';
      this.tokenCalls.push({ grant, refreshToken: form.get('refresh_token') ?? undefined });
      const faulted = this.fault(c);
      if (faulted) return faulted;
      if (c.req.header('secret_key') !== this.appSecret || form.get('app_id') !== this.appId) {
        return c.json({ error: -14002, error_name: 'Invalid app secret or app id' });
      }
      if (grant === 'authorization_code') {
        const code = this.codes.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (!code || code.used || this.now() - code.at > 10 * 60_000) return c.json({ error: -14019, error_name: 'Invalid authorization code' });
        if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
          return c.json({ error: -14025, error_name: 'Invalid code verifier' });
        }
        code.used = true;
        return this.grant(c, true);
      }
      if (grant === 'refresh_token') {
        const rt = this.refresh.get(form.get('refresh_token') ?? '');
        if (!rt) return c.json({ error: '-14014', error_name: 'Invalid refresh token.' });
        if (rt.used) return c.body('', 200);
        if (this.rotateRefreshTokens) rt.used = true;
        return this.grant(c, this.rotateRefreshTokens);
      }
      return c.json({ error: -14003, error_name: 'Invalid grant type' });
    });

    app.post('/v3.0/oa/quota/message', async (c) => {
      const faulted = this.fault(c);
      if (faulted) return faulted;
      const bad = this.tokenError(c);
      if (bad) return oaError(c, bad, 'Access token is invalid');
      const { user_id } = (await c.req.json()) as { user_id?: string };
      if (!user_id) return oaError(c, -201, 'user_id is invalid');
      this.quotaCalls.push(user_id);
      const p = this.person(user_id);
      return c.json({
        error: 0,
        message: 'Success',
        data: {
          last_interaction: p.lastInteraction || undefined,
          cs_reply: { remain: p.freeLeft, total: FREE_REPLIES },
          promotion: { daily_remain: 0, daily_total: 0, monthly_remain: 0, monthly_total: 0 },
        },
      });
    });

    app.post('/v3.0/oa/message/cs', async (c) => {
      const faulted = this.fault(c);
      const body = (await c.req.json().catch(() => ({}))) as { recipient?: { user_id?: string; message_id?: string }; message?: any };
      const userId = body.recipient?.user_id ?? '';
      const refuse = (error: number, message: string) => {
        this.refusedSends.push({ userId, error });
        return oaError(c, error, message);
      };
      if (faulted) {
        this.refusedSends.push({ userId, error: -1 });
        return faulted;
      }
      const bad = this.tokenError(c);
      if (bad) return refuse(bad, 'Access token is invalid');
      const p = this.people.get(userId);
      if (!p || !p.followed) return refuse(-213, 'User has not followed OA');
      if (this.now() - p.lastInteraction > 7 * DAY) return refuse(-230, 'User has not interacted with the OA in the last 7 days');
      if (p.freeLeft <= 0) return refuse(-211, 'Out of quota');
      const m = body.message ?? {};
      const text: string | undefined = typeof m.text === 'string' ? m.text : undefined;
      if (text !== undefined && (text.length === 0 || text.length > 2000)) return refuse(-201, 'text: 1–2000 characters');
      const payload = m.attachment?.payload;
      const record: OaSentMessage = { userId, replyTo: body.recipient?.message_id, text, at: this.now() };
      if (m.attachment?.type === 'file') {
        const up = this.uploads.get(payload?.token ?? '');
        if (!up) return refuse(-100, 'file token is invalid or expired');
        record.fileToken = payload.token;
        record.fileName = up.name;
      } else if (payload?.template_type === 'media') {
        record.image = payload.elements?.[0]?.url ?? payload.elements?.[0]?.attachment_id;
      } else if (payload?.buttons) {
        record.buttons = payload.buttons;
      }
      if (text === undefined && !record.fileToken && !record.image) return refuse(-201, 'message is empty');
      p.freeLeft -= 1;
      this.sent.push(record);
      return c.json({ error: 0, message: 'Success', data: { message_id: randomToken('m-'), user_id: userId, quota: { quota_type: 'reply', remain: p.freeLeft, total: FREE_REPLIES } } });
    });

    app.post('/v2.0/oa/upload/:kind', async (c) => {
      const bad = this.tokenError(c);
      if (bad) return oaError(c, bad, 'Access token is invalid');
      const form = await c.req.formData();
      const file = form.get('file');
      if (!(file instanceof File)) return oaError(c, -201, 'file is required');
      const kind = c.req.param('kind');
      const max = kind === 'image' ? 1024 * 1024 : 5 * 1024 * 1024;
      if (file.size > max) return oaError(c, -210, `file is larger than ${max} bytes`);
      const ref = randomToken(kind === 'image' ? 'img-' : 'ft-');
      this.uploads.set(ref, { name: file.name, size: file.size });
      return c.json({ error: 0, message: 'Success', data: kind === 'image' ? { attachment_id: ref } : { token: ref } });
    });

    app.get('/files/:key/:name', (c) => {
      const f = this.files.get(c.req.param('key'));
      if (!f) return c.text('not found', 404);
      return c.body(new Uint8Array(f.bytes), 200, { 'content-type': f.type, 'content-length': String(f.bytes.length) });
    });
    return app;
  }
}

export type DeliverOptions = { sign?: 'good' | 'bad' | 'none'; timestampHeader?: string; numRetry?: number };
