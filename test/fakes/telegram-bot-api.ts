/**
 * A local fake of the Telegram Bot API on 127.0.0.1 that the real telegraf client talks to:
 * `new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } })`.
 *
 * Bot side: the methods in telegram-methods.ts, long polling or webhook delivery, file
 * downloads. Test side: simulate users (userSends*), read what they would see (sentMessages,
 * waitForMessages), inject faults (failNext, blockChat, hangNext, delayNext) and opt-in
 * Telegram-like flood limits.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultPlan } from './telegram-faults.js';
import { FileStore } from './telegram-files.js';
import { MessageStore } from './telegram-messages.js';
import { botMethods, chatIdParam, commandsKey, type BotInfo, type BotState, type MethodHandler } from './telegram-methods.js';
import { RateLimiter } from './telegram-rate-limiter.js';
import { parseRequest, guessMimeType, type ParsedRequest } from './telegram-request-body.js';
import {
  BotApiError,
  type CallbackAnswer,
  type FailSpec,
  type FakeStats,
  type FakeTelegramOptions,
  type FakeUser,
  type RecordedCall,
  type SentMessage,
  type Update,
  type UserFile,
  type UserPhoto,
  type WebhookDelivery,
} from './telegram-types.js';
import { UpdateInbox } from './telegram-update-inbox.js';
import { callbackQueryUpdate, commandContent, compact, messageUpdate, userObject } from './telegram-updates.js';

export * from './telegram-types.js';

export const DEFAULT_TOKEN = '7000000001:AAFakeTokenForCauNoiTests-0123456789';

/** Methods aimed at one chat: a blocked chat answers 403 to them. */
const CHAT_METHODS = new Set([
  'sendMessage', 'sendDocument', 'sendPhoto', 'sendChatAction', 'editMessageText', 'editMessageCaption', 'editMessageReplyMarkup',
]);
/** Methods that create a message and count against flood limits. */
const LIMITED_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto']);
const MAX_REQUEST_BYTES = 52 * 1024 * 1024;

type Answer = { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: object };
const CLOSED = Symbol('closed');

interface CallWaiter {
  count: number;
  resolve(): void;
  reject(error: Error): void;
}

export class FakeTelegramBotApi {
  readonly token: string;
  readonly botInfo: BotInfo;
  /** Every bot call in order (unless recordCalls: false). */
  readonly calls: RecordedCall[] = [];
  readonly callbackAnswers: CallbackAnswer[] = [];

  private readonly server: http.Server;
  private readonly closing = new AbortController();
  private readonly messages = new MessageStore();
  private readonly files = new FileStore();
  private readonly faults = new FaultPlan();
  private readonly inbox: UpdateInbox;
  private readonly limiter?: RateLimiter;
  private readonly methods: Record<string, MethodHandler>;
  private readonly methodNames = new Map<string, string>();
  private readonly users = new Map<number, FakeUser>();
  private readonly updates = new Map<number, Update>();
  private readonly openCallbackQueries = new Set<string>();
  private readonly commandStore: Map<string, unknown[]>;
  private readonly callCounts: Record<string, number> = {};
  private readonly errorCounts: Record<number, number> = {};
  private readonly callWaiters = new Map<string, Set<CallWaiter>>();
  private readonly inFlight = new Set<Promise<void>>();
  private sentCount = 0;
  private tooManyRequests = 0;
  private nextUpdateId: number;
  private port = 0;
  private closed = false;

  private constructor(private readonly options: FakeTelegramOptions) {
    this.token = options.token ?? DEFAULT_TOKEN;
    // Like Telegram, the bot's id is the number before the colon in its token.
    const id = Number(this.token.split(':')[0]) || 7000000001;
    this.botInfo = {
      id,
      is_bot: true,
      first_name: 'Cầu Nối',
      username: 'CauNoiTestBot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
    this.nextUpdateId = options.firstUpdateId ?? 100_000_001;
    this.limiter = options.enforceLimits ? new RateLimiter(options.enforceLimits) : undefined;
    this.inbox = new UpdateInbox({
      nowMs: () => this.nowMs(),
      webhookTimeoutMs: options.webhookTimeoutMs ?? 30_000,
      onWebhookReply: async (answer) => {
        // telegraf may answer a webhook POST with a method call in the body; Telegram runs it.
        const parsed = await parseRequest(answer.contentType, answer.body, new URLSearchParams()).catch(() => undefined);
        const method = parsed?.params.method;
        if (!parsed || typeof method !== 'string') return;
        const { method: _m, ...params } = parsed.params;
        await this.callMethod(method, { params, files: parsed.files }, this.closing.signal, true);
      },
    });
    const state: BotState = {
      botInfo: this.botInfo,
      nowMs: () => this.nowMs(),
      messages: this.messages,
      files: this.files,
      inbox: this.inbox,
      users: this.users,
      commands: new Map(),
      openCallbackQueries: this.openCallbackQueries,
      callbackAnswers: this.callbackAnswers,
      onMessageSent: () => {
        this.sentCount += 1;
      },
    };
    this.commandStore = state.commands;
    this.methods = botMethods(state);
    for (const name of Object.keys(this.methods)) this.methodNames.set(name.toLowerCase(), name);
    this.server = http.createServer((req, res) => {
      const work = this.onRequest(req, res);
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    });
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegramBotApi> {
    const fake = new FakeTelegramBotApi(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** Pass as telegraf's `telegram.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Ends long polls, hanging and delayed calls, webhook deliveries and waits; closes the server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    this.messages.cancelWaits('fake Telegram closed');
    for (const [method, waiters] of this.callWaiters) {
      for (const waiter of waiters) waiter.reject(new Error(`fake Telegram closed while waiting for ${method} calls`));
    }
    await this.inbox.close();
    await Promise.allSettled([...this.inFlight]);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---------------------------------------------------------------- users (the test's side)

  /** Makes a user's chat known without a message (see knownChatsOnly). */
  registerUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  userSendsText(user: FakeUser, text: string): Promise<Update> {
    return this.userMessage(user, { text });
  }

  /** "/start" or "/start <payload>" with a bot_command entity (deep links arrive like this). */
  userSendsCommand(user: FakeUser, command: string, payload?: string): Promise<Update> {
    return this.userMessage(user, commandContent(command, payload));
  }

  /** Registers the file so getFile and the download URL work; `size` alone declares a file without bytes. */
  userSendsDocument(user: FakeUser, file: UserFile): Promise<Update> {
    const bytes = file.bytes === undefined ? undefined : Buffer.from(file.bytes);
    const stored = this.files.add('documents', {
      fileName: file.fileName,
      mimeType: file.mimeType ?? guessMimeType(file.fileName),
      bytes,
      size: file.size ?? bytes?.length ?? 0,
    });
    const document = {
      file_id: stored.fileId,
      file_unique_id: stored.fileUniqueId,
      file_name: stored.fileName,
      mime_type: stored.mimeType,
      file_size: stored.size,
    };
    return this.userMessage(user, { document, caption: file.caption });
  }

  /** A photo arrives as sizes (a thumbnail and the full picture), largest last. */
  userSendsPhoto(user: FakeUser, photo: UserPhoto = {}): Promise<Update> {
    const bytes = photo.bytes === undefined ? undefined : Buffer.from(photo.bytes);
    const size = photo.size ?? bytes?.length ?? 50_000;
    const width = photo.width ?? 1280;
    const height = photo.height ?? 960;
    const full = this.files.add('photos', { mimeType: 'image/jpeg', bytes, size });
    const thumbSize = Math.min(size, 1500);
    const thumb = this.files.add('photos', { mimeType: 'image/jpeg', bytes: bytes?.subarray(0, thumbSize), size: thumbSize });
    const scale = 90 / Math.max(width, height);
    const photoSizes = [
      { file_id: thumb.fileId, file_unique_id: thumb.fileUniqueId, width: Math.round(width * scale), height: Math.round(height * scale), file_size: thumb.size },
      { file_id: full.fileId, file_unique_id: full.fileUniqueId, width, height, file_size: full.size },
    ];
    return this.userMessage(user, { photo: photoSizes, caption: photo.caption });
  }

  userSendsSticker(user: FakeUser, sticker: { emoji?: string; setName?: string } = {}): Promise<Update> {
    const file = this.files.add('stickers', { mimeType: 'image/webp', size: 20_000 });
    return this.userMessage(user, {
      sticker: {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: sticker.emoji ?? '👍',
        set_name: sticker.setName,
        file_size: file.size,
      },
    });
  }

  /**
   * A user's text in a group (chat id < 0), e.g. a staff member replying to the bot's post there:
   * `replyTo` is that bot message. Commands get their bot_command entity.
   */
  userSendsInGroup(user: FakeUser, groupId: number, text: string, opts: { replyTo?: SentMessage } = {}): Promise<Update> {
    if (groupId >= 0) throw new Error(`fake Telegram: group chat ids are negative, got ${groupId}`);
    const messageId = this.messages.nextMessageId(groupId);
    this.messages.addUserMessage(groupId, messageId);
    const command = /^\/\w+/.exec(text);
    const message = compact({
      message_id: messageId,
      from: userObject(user),
      chat: { id: groupId, type: 'supergroup', title: `Group ${groupId}` },
      date: Math.floor(this.nowMs() / 1000),
      text,
      entities: command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined,
      reply_to_message: opts.replyTo?.message,
    });
    return this.enqueue({ update_id: this.nextUpdateId++, message } as unknown as Update);
  }

  /** A callback_query for a button on a bot message; throws if no such button is shown. */
  userPressesButton(user: FakeUser, message: SentMessage | number, callbackData: string): Promise<Update> {
    const messageId = typeof message === 'number' ? message : message.messageId;
    const target = this.messages.botMessage(user.id, messageId);
    if (!target || target.deleted) throw new Error(`fake Telegram: no bot message ${messageId} in chat ${user.id}`);
    const shown = target.buttons.flat().map((b) => b.callback_data);
    if (!shown.includes(callbackData)) {
      throw new Error(`fake Telegram: message ${messageId} has no button "${callbackData}"; buttons: ${JSON.stringify(shown)}`);
    }
    this.users.set(user.id, user);
    const update = callbackQueryUpdate(this.nextUpdateId++, user, target, callbackData);
    this.openCallbackQueries.add((update as Update.CallbackQueryUpdate).callback_query.id);
    return this.enqueue(update);
  }

  /** Queues any update; update_id is assigned when missing. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Promise<Update> {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId++ } as Update;
    this.nextUpdateId = Math.max(this.nextUpdateId, full.update_id + 1);
    return this.enqueue(full);
  }

  /** Sends an already delivered update again (Telegram retries after a lost answer). */
  redeliver(updateId: number): Promise<void> {
    const update = this.updates.get(updateId);
    if (!update) throw new Error(`fake Telegram: no update ${updateId} to redeliver`);
    return this.inbox.redeliver(update);
  }

  /** Retries pending webhook deliveries; returns the attempts it made. */
  async flushWebhook(): Promise<WebhookDelivery[]> {
    await this.inbox.idle();
    const before = this.inbox.deliveries.length;
    await this.inbox.flush();
    return this.inbox.deliveries.slice(before);
  }

  // ---------------------------------------------------------------- what happened

  /** Messages the bot sent (to one chat, or all), in order; edits and deletions show in place. */
  sentMessages(chatId?: number): SentMessage[] {
    return this.messages.sent(chatId);
  }

  lastMessageTo(chatId: number): SentMessage | undefined {
    const sent = this.messages.sent(chatId);
    return sent[sent.length - 1];
  }

  /** Resolves once `count` messages have been sent to the chat (all of them are returned). */
  waitForMessages(chatId: number, count: number, timeoutMs = 5000): Promise<SentMessage[]> {
    return this.messages.waitFor(chatId, (m) => m.length >= count, timeoutMs, `${count} message(s)`);
  }

  /** Resolves with the first message to the chat whose text matches (already sent or coming). */
  async waitForText(chatId: number, pattern: string | RegExp, timeoutMs = 5000): Promise<SentMessage> {
    const matches = (m: SentMessage) => (typeof pattern === 'string' ? m.text.includes(pattern) : pattern.test(m.text));
    const messages = await this.messages.waitFor(chatId, (all) => all.some(matches), timeoutMs, `a message matching ${String(pattern)}`);
    return messages.find(matches)!;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `method` has been called `count` times in total. */
  waitForCalls(method: string, count: number, timeoutMs = 5000): Promise<RecordedCall[]> {
    if ((this.callCounts[method] ?? 0) >= count) return Promise.resolve(this.callsTo(method));
    return new Promise((resolve, reject) => {
      let waiters = this.callWaiters.get(method);
      if (!waiters) this.callWaiters.set(method, (waiters = new Set()));
      const set = waiters;
      const timer = setTimeout(() => {
        set.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${count} ${method} call(s); got ${this.callCounts[method] ?? 0}`));
      }, timeoutMs);
      const waiter: CallWaiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.callsTo(method));
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      set.add(waiter);
    });
  }

  get webhookDeliveries(): readonly WebhookDelivery[] {
    return this.inbox.deliveries;
  }

  get webhookUrl(): string | undefined {
    return this.inbox.webhook?.url;
  }

  get pendingUpdateCount(): number {
    return this.inbox.pendingCount;
  }

  /** The command list the bot set for this scope and language (as getMyCommands would return). */
  commandsFor(scope?: object, languageCode?: string): unknown[] {
    return this.commandStore.get(commandsKey(scope, languageCode)) ?? [];
  }

  /** Bytes of a file the bot uploaded or a user sent. */
  fileBytes(fileId: string): Buffer | undefined {
    const file = this.files.get(fileId);
    return file && (file.bytes ?? Buffer.alloc(file.size));
  }

  stats(): FakeStats {
    return {
      calls: { ...this.callCounts },
      sent: this.sentCount,
      tooManyRequests: this.tooManyRequests,
      errors: { ...this.errorCounts },
      webhookDeliveries: this.inbox.deliveries.length,
    };
  }

  // ---------------------------------------------------------------- faults

  /** The next call(s) of `method` ('*' = any) answer this error. */
  failNext(method: string, spec: FailSpec): void {
    this.faults.failNext(method, spec);
  }

  /** Every send to this chat answers 403 "Forbidden: bot was blocked by the user". */
  blockChat(chatId: number): void {
    this.faults.blockedChats.add(chatId);
  }

  unblockChat(chatId: number): void {
    this.faults.blockedChats.delete(chatId);
  }

  /** The next call(s) never get an answer; the request stays open until close(). */
  hangNext(method: string, times = 1): void {
    this.faults.hangNext(method, times);
  }

  /** The next call(s) are answered only after `ms` real milliseconds. */
  delayNext(method: string, ms: number, times = 1): void {
    this.faults.delayNext(method, ms, times);
  }

  // ---------------------------------------------------------------- internals

  private nowMs(): number {
    return this.options.clock ? this.options.clock.now().getTime() : Date.now();
  }

  private userMessage(user: FakeUser, content: Record<string, unknown>): Promise<Update> {
    this.users.set(user.id, user);
    const messageId = this.messages.nextMessageId(user.id);
    this.messages.addUserMessage(user.id, messageId);
    const date = Math.floor(this.nowMs() / 1000);
    return this.enqueue(messageUpdate(this.nextUpdateId++, user, messageId, date, content));
  }

  /** Polling: queued for getUpdates. Webhook: resolves after the POST attempt (the bot's handler ran). */
  private async enqueue(update: Update): Promise<Update> {
    this.updates.set(update.update_id, update);
    await this.inbox.push(update);
    return update;
  }

  private async callMethod(name: string, request: ParsedRequest, signal: AbortSignal, viaWebhookReply = false): Promise<Answer | typeof CLOSED> {
    const method = this.methodNames.get(name.toLowerCase()) ?? name;
    const call: RecordedCall = { method, params: request.params, at: new Date(this.nowMs()) };
    if (viaWebhookReply) call.viaWebhookReply = true;
    this.countCall(call);
    try {
      const handler = this.methods[method];
      if (!handler) throw new BotApiError(404, 'Not Found');
      if (this.faults.takeHang(method)) {
        await new Promise((resolve) => this.closing.signal.addEventListener('abort', resolve, { once: true }));
        return CLOSED;
      }
      const delay = this.faults.takeDelay(method);
      if (delay !== undefined) {
        const finished = await sleep(delay, true, { signal: this.closing.signal }).catch(() => false);
        if (!finished) return CLOSED;
      }
      const chatId = CHAT_METHODS.has(method) ? safeChatId(request.params) : undefined;
      const failure = this.faults.takeFailure(method, chatId);
      if (failure) throw failure;
      if (chatId !== undefined) this.checkChat(method, chatId, request.params);
      const result = await handler(request.params, request.files, signal);
      return { ok: true, result };
    } catch (error) {
      if (!(error instanceof BotApiError)) throw error;
      call.errorCode = error.errorCode;
      this.errorCounts[error.errorCode] = (this.errorCounts[error.errorCode] ?? 0) + 1;
      if (error.errorCode === 429) this.tooManyRequests += 1;
      const answer: Answer = { ok: false, error_code: error.errorCode, description: error.description };
      if (error.parameters) answer.parameters = error.parameters;
      return answer;
    }
  }

  private countCall(call: RecordedCall): void {
    if (this.options.recordCalls !== false) this.calls.push(call);
    const count = (this.callCounts[call.method] = (this.callCounts[call.method] ?? 0) + 1);
    const waiters = this.callWaiters.get(call.method);
    if (!waiters) return;
    for (const waiter of waiters) {
      if (count >= waiter.count) {
        waiters.delete(waiter);
        // Let the call be answered first, so the waiter sees its outcome.
        setImmediate(() => waiter.resolve());
      }
    }
  }

  /** Blocked chats, unknown chats (knownChatsOnly) and flood limits, in Telegram's order of harm. */
  private checkChat(method: string, chatId: number, params: Record<string, unknown>): void {
    if (this.faults.blockedChats.has(chatId)) throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
    if (this.options.knownChatsOnly && !this.users.has(chatId)) throw new BotApiError(400, 'Bad Request: chat not found');
    if (this.limiter && LIMITED_METHODS.has(method)) {
      const verdict = this.limiter.tryAcquire(chatId, this.nowMs(), params.allow_paid_broadcast === true);
      if (!verdict.ok) {
        throw new BotApiError(429, `Too Many Requests: retry after ${verdict.retryAfter}`, { retry_after: verdict.retryAfter });
      }
    }
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (file) return this.serveFile(res, decodeURIComponent(file[1]!), decodeURIComponent(file[2]!));
      const api = /^\/bot([^/]+)\/(?:test\/)?([^/]+)\/?$/.exec(url.pathname);
      if (!api) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      if (decodeURIComponent(api[1]!) !== this.token) {
        return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      }
      const body = await readBody(req);
      if (!body) return sendJson(res, 413, { ok: false, error_code: 413, description: 'Request Entity Too Large' });

      const clientGone = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) clientGone.abort();
      });
      let request: ParsedRequest;
      try {
        request = await parseRequest(req.headers['content-type'], body, url.searchParams);
      } catch (error) {
        if (!(error instanceof BotApiError)) throw error;
        return sendJson(res, error.errorCode, { ok: false, error_code: error.errorCode, description: error.description });
      }
      const answer = await this.callMethod(api[2]!, request, clientGone.signal);
      if (answer === CLOSED) {
        res.destroy();
        return;
      }
      if (!res.destroyed) sendJson(res, answer.ok ? 200 : answer.error_code, answer);
    } catch (error) {
      // A bug in the fake, not a Telegram answer: make it loud.
      console.error('fake Telegram Bot API failed:', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    }
  }

  private serveFile(res: http.ServerResponse, token: string, filePath: string): void {
    const bytes = token === this.token ? this.files.download(filePath) : undefined;
    if (!bytes) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
    res.end(bytes);
  }
}

function safeChatId(params: Record<string, unknown>): number | undefined {
  try {
    return chatIdParam(params);
  } catch {
    return undefined;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The whole body, or undefined when it is larger than Telegram accepts. */
async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
