/**
 * A local fake of the Zalo Bot Platform on 127.0.0.1 (platforms.md §1, §5), that the real
 * ZaloBotClient talks to with `ZALO_API_ROOT=fake.apiRoot`: POST + JSON to /bot<TOKEN>/<method>,
 * the `{ ok, result }` envelope, getUpdates returning ONE update per call with no offset (408
 * when the wait ends with nothing, nothing at all while a webhook is set), setWebhook with an
 * 8–256 character secret delivered as X-Bot-Api-Secret-Token, sendMessage refusing more than
 * 2,000 characters, injected errors (429 quota, 401, 403 "internal"). Test side: users send
 * text, images, stickers and unsupported content; read what each user received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { ZaloFailSpec, ZaloFakeUser, ZaloSentMessage, ZaloUpdateBody, ZaloWebhookDelivery } from './zalo-bot-api-types.js';

export * from './zalo-bot-api-types.js';

export const ZALO_FAKE_TOKEN = '1234567890:zalo-fake-secret-for-cau-noi-tests';

type Answer = { status: number; body: { ok: true; result: unknown } | { ok: false; error_code: number; description: string } };
type Waiter = { check(): boolean; resolve(): void };

const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const fail = (error_code: number, description: string, status = error_code): Answer => ({ status, body: { ok: false, error_code, description } });

export class FakeZaloBotApi {
  readonly token: string;
  /** Every bot call in order: method and parameters. */
  readonly calls: { method: string; params: Record<string, unknown> }[] = [];
  readonly webhookDeliveries: ZaloWebhookDelivery[] = [];
  /** A wrapped `{ ok, result }` webhook body (the documented form), or flat (live traffic). */
  webhookEnvelope: 'wrapped' | 'flat' = 'flat';
  /** Seconds getUpdates waits at most (the client asks 30; tests keep it short). */
  maxPollSeconds = 0.25;
  /** Updates delivered by getUpdates or the webhook, in order (a redelivery counts again). */
  delivered = 0;

  private readonly server: http.Server;
  private readonly queue: ZaloUpdateBody[] = [];
  private readonly sent: ZaloSentMessage[] = [];
  private readonly faults = new Map<string, ZaloFailSpec[]>();
  private readonly waiters = new Set<Waiter>();
  private readonly images = new Map<string, Buffer>();
  private webhook: { url: string; secret: string } | undefined;
  private closed = false;

  private constructor(token: string) {
    this.token = token;
    this.server = http.createServer((req, res) => void this.route(req, res));
  }

  static async start(opts: { token?: string } = {}): Promise<FakeZaloBotApi> {
    const fake = new FakeZaloBotApi(opts.token ?? ZALO_FAKE_TOKEN);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get webhookUrl(): string | undefined {
    return this.webhook?.url;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------- people

  userSendsText(user: ZaloFakeUser, text: string): Promise<ZaloUpdateBody> {
    return this.push(user, 'message.text.received', { text });
  }

  /** An image: served by the fake at a URL the bot downloads, as Zalo's CDN would. */
  userSendsPhoto(user: ZaloFakeUser, bytes: Buffer, caption?: string): Promise<ZaloUpdateBody> {
    const name = `${randomBytes(6).toString('hex')}.jpg`;
    this.images.set(name, bytes);
    return this.push(user, 'message.image.received', { photo: `${this.apiRoot}/cdn/${name}`, ...(caption ? { caption } : {}) });
  }

  userSendsSticker(user: ZaloFakeUser): Promise<ZaloUpdateBody> {
    return this.push(user, 'message.sticker.received', { sticker: 'abc123', url: `${this.apiRoot}/cdn/sticker.png` });
  }

  /** What Zalo sends for a document (PDF, Word…) or for a sender in a protected group. */
  userSendsUnsupported(user: ZaloFakeUser): Promise<ZaloUpdateBody> {
    return this.push(user, 'message.unsupported.received', {});
  }

  /** The same update once more (Zalo has been seen to repeat one). */
  redeliver(update: ZaloUpdateBody): Promise<void> {
    return this.deliver(update);
  }

  private async push(user: ZaloFakeUser, event_name: string, fields: Partial<NonNullable<ZaloUpdateBody['message']>>): Promise<ZaloUpdateBody> {
    const update: ZaloUpdateBody = {
      event_name,
      message: {
        message_id: randomBytes(16).toString('hex'),
        date: Date.now(),
        chat: { id: user.id, chat_type: 'PRIVATE' },
        from: { id: user.id, display_name: user.name, is_bot: false },
        ...fields,
      },
    };
    await this.deliver(update);
    return update;
  }

  /** Webhook set: POSTed to it now. Else queued for getUpdates. */
  private async deliver(update: ZaloUpdateBody): Promise<void> {
    if (!this.webhook) {
      this.queue.push(update);
      this.wake();
      return;
    }
    this.delivered++;
    const body = this.webhookEnvelope === 'wrapped' ? { ok: true, result: update } : update;
    const res = await fetch(this.webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': this.webhook.secret },
      body: JSON.stringify(body),
    });
    this.webhookDeliveries.push({ status: res.status, body: await res.json().catch(() => undefined) });
  }

  // ------------------------------------------------------------- what the bot did

  messagesTo(chatId: string): ZaloSentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  callsTo(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params);
  }

  /** Resolves once `count` messages have been sent to the chat (all of them are returned). */
  waitForMessages(chatId: string, count: number, timeoutMs = 5000): Promise<ZaloSentMessage[]> {
    return this.waitUntil(() => this.messagesTo(chatId).length >= count, timeoutMs, `${count} message(s) to ${chatId}`).then(() => this.messagesTo(chatId));
  }

  async waitForText(chatId: string, pattern: string | RegExp, timeoutMs = 5000, after = 0): Promise<ZaloSentMessage> {
    const match = (m: ZaloSentMessage) => (typeof pattern === 'string' ? m.text.includes(pattern) : pattern.test(m.text));
    const find = () => this.messagesTo(chatId).slice(after).find(match);
    await this.waitUntil(() => find() !== undefined, timeoutMs, `a message matching ${String(pattern)} to ${chatId}`);
    return find()!;
  }

  /** Resolves once the bot has called `method` at least `count` times. */
  waitForCalls(method: string, count: number, timeoutMs = 5000): Promise<void> {
    return this.waitUntil(() => this.callsTo(method).length >= count, timeoutMs, `${count} call(s) of ${method}`);
  }

  /** The next call of `method` answers this error (`times` calls, default 1). */
  failNext(method: string, spec: ZaloFailSpec): void {
    const list = this.faults.get(method) ?? [];
    list.push(spec);
    this.faults.set(method, list);
  }

  private waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; sent: ${JSON.stringify(this.sent.map((m) => m.text))}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) {
      if (this.closed || w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  // ------------------------------------------------------------- HTTP

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const image = /^\/cdn\/([\w.]+)$/.exec(url.pathname);
    if (image && req.method === 'GET') {
      const bytes = this.images.get(image[1]!);
      res.writeHead(bytes ? 200 : 404, { 'content-type': 'image/jpeg', 'content-length': String(bytes?.length ?? 0) });
      res.end(bytes);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const params = await readJson(req);
    let answer: Answer;
    if (!m || req.method !== 'POST') answer = fail(404, 'Not Found');
    else if (m[1] !== this.token) answer = fail(401, 'Unauthorized');
    else {
      this.calls.push({ method: m[2]!, params });
      answer = this.fault(m[2]!) ?? (await this.method(m[2]!, params, () => req.socket.destroyed));
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
    this.wake();
  }

  private fault(method: string): Answer | undefined {
    const list = this.faults.get(method);
    const spec = list?.[0];
    if (!spec) return undefined;
    spec.times = (spec.times ?? 1) - 1;
    if (spec.times <= 0) list!.shift();
    return fail(spec.error_code, spec.description, spec.httpStatus ?? spec.error_code);
  }

  private async method(name: string, p: Record<string, unknown>, callerGone: () => boolean): Promise<Answer> {
    switch (name) {
      case 'getMe':
        return ok({ id: this.token.split(':')[0], account_name: 'Bot Cầu Nối', account_type: 'BASIC', can_join_groups: false });
      case 'getUpdates':
        return this.getUpdates(Number(p.timeout ?? 30), callerGone);
      case 'setWebhook': {
        const secret = String(p.secret_token ?? '');
        if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url)) return fail(400, 'Bad Request: url is required');
        if (secret.length < 8 || secret.length > 256) return fail(400, 'Bad Request: secret_token must be 8-256 characters');
        this.webhook = { url: p.url, secret };
        return ok({ url: p.url, updated_at: Date.now() });
      }
      case 'deleteWebhook':
        this.webhook = undefined;
        return ok({ url: '', updated_at: Date.now() });
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', updated_at: Date.now() });
      case 'sendMessage': {
        const text = typeof p.text === 'string' ? p.text : '';
        if (!p.chat_id) return fail(400, 'Bad Request: chat_id is required');
        if (text.length < 1 || text.length > 2000) return fail(400, 'Bad Request: text must be 1-2000 characters');
        return ok(this.record({ chatId: String(p.chat_id), kind: 'text', text }));
      }
      case 'sendPhoto':
        if (!p.chat_id || typeof p.photo !== 'string') return fail(400, 'Bad Request: photo is required');
        return ok(this.record({ chatId: String(p.chat_id), kind: 'photo', text: String(p.caption ?? ''), photo: p.photo }));
      case 'sendSticker':
        return ok(this.record({ chatId: String(p.chat_id), kind: 'sticker', text: '' }));
      case 'sendChatAction':
        return ok(true);
      default:
        return fail(404, 'Not Found: method does not exist');
    }
  }

  /**
   * One update per call, no offset; while a webhook is set, polling silently gets nothing.
   * A poll whose caller has gone takes nothing (the real platform would lose that update).
   */
  private async getUpdates(timeoutSeconds: number, callerGone: () => boolean): Promise<Answer> {
    const until = Date.now() + Math.min(timeoutSeconds, this.maxPollSeconds) * 1000;
    while (!this.closed && !callerGone()) {
      if (!this.webhook && this.queue.length > 0) {
        this.delivered++;
        return ok(this.queue.shift());
      }
      const left = until - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const waiter: Waiter = { check: () => (!this.webhook && this.queue.length > 0) || this.closed, resolve: () => resolve() };
        this.waiters.add(waiter);
        setTimeout(() => {
          this.waiters.delete(waiter);
          resolve();
        }, left);
      });
    }
    return fail(408, 'Request timeout', 200);
  }

  private record(m: Omit<ZaloSentMessage, 'messageId' | 'at'>): { message_id: string; date: number } {
    const sent: ZaloSentMessage = { ...m, messageId: randomBytes(12).toString('hex'), at: Date.now() };
    this.sent.push(sent);
    return { message_id: sent.messageId, date: sent.at };
  }
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {};
  }
}
