/**
 * Where updates wait for the bot: a queue read by getUpdates (kept until confirmed by a later
 * offset, like Telegram) or, once a webhook is set, POSTed to it one by one in order.
 * A failed webhook POST keeps the update pending; the next push or flush() retries it.
 */
import http from 'node:http';
import { BotApiError, type Update, type WebhookDelivery } from './telegram-types.js';
import { postUpdate, type WebhookAnswer } from './telegram-webhook.js';

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections?: number;
  allowedUpdates?: string[];
}

interface PollWaiter {
  wake(): void;
  fail(error: BotApiError): void;
}

interface InboxDeps {
  nowMs(): number;
  webhookTimeoutMs: number;
  /** Runs a method call that the bot wrote into its webhook HTTP response. */
  onWebhookReply(answer: Extract<WebhookAnswer, { status: number }>): Promise<void>;
}

export class UpdateInbox {
  private pending: Update[] = [];
  private head = 0;
  /** Old updates sent again (redeliver); handed out first, then forgotten. */
  private redeliveries: Update[] = [];
  private poller?: PollWaiter;
  private chain: Promise<void> = Promise.resolve();
  private readonly agent = new http.Agent({ keepAlive: true });
  private closed = false;
  webhook?: WebhookConfig;
  lastError?: { date: number; message: string };
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly deps: InboxDeps) {}

  get pendingCount(): number {
    return this.pending.length - this.head + this.redeliveries.length;
  }

  /** Queues an update; with a webhook the promise settles after the delivery attempt. */
  push(update: Update): Promise<void> {
    this.pending.push(update);
    return this.afterQueued();
  }

  redeliver(update: Update): Promise<void> {
    this.redeliveries.push(update);
    return this.afterQueued();
  }

  /** Settles when no webhook delivery is under way. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Retries pending webhook deliveries now. */
  flush(): Promise<void> {
    return this.webhook ? this.drainWebhook() : Promise.resolve();
  }

  async getUpdates(params: { offset?: unknown; limit?: unknown; timeout?: unknown }, signal: AbortSignal): Promise<Update[]> {
    if (this.webhook) {
      throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const limit = clamp(Number(params.limit ?? 100) || 100, 1, 100);
    const timeoutSeconds = Math.max(0, Number(params.timeout ?? 0) || 0);
    this.confirm(Number(params.offset ?? 0) || 0);
    this.poller?.fail(new BotApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));

    if (this.pendingCount > 0 || timeoutSeconds === 0 || this.closed || signal.aborted) return this.take(limit);
    await new Promise<void>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.poller === waiter) this.poller = undefined;
      };
      const done = () => {
        finish();
        resolve();
      };
      const waiter: PollWaiter = {
        wake: done,
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(done, timeoutSeconds * 1000);
      this.poller = waiter;
      signal.addEventListener('abort', done);
    });
    return this.take(limit);
  }

  setWebhook(config: WebhookConfig, dropPending: boolean): void {
    if (dropPending) this.dropPending();
    this.poller?.fail(new BotApiError(409, 'Conflict: terminated by setWebhook request'));
    this.webhook = config;
    this.lastError = undefined;
    if (this.pendingCount > 0) void this.drainWebhook();
  }

  deleteWebhook(dropPending: boolean): void {
    if (dropPending) this.dropPending();
    this.webhook = undefined;
  }

  /** Ends a pending long poll (it answers with no updates) and webhook connections. */
  async close(): Promise<void> {
    this.closed = true;
    this.poller?.wake();
    this.agent.destroy();
    await this.chain;
  }

  private afterQueued(): Promise<void> {
    if (this.webhook) return this.drainWebhook();
    // Wake the poller on the next turn so updates pushed together arrive in one batch.
    if (this.poller) setImmediate(() => this.poller?.wake());
    return Promise.resolve();
  }

  /** Updates with update_id below offset are confirmed and forgotten; a negative offset keeps the last -offset. */
  private confirm(offset: number): void {
    if (offset < 0) {
      this.head = Math.max(this.head, this.pending.length + offset);
    } else {
      while (this.head < this.pending.length && this.pending[this.head]!.update_id < offset) this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  /** Pending updates stay queued until confirmed; redeliveries go out once. */
  private take(limit: number): Update[] {
    const again = this.redeliveries.splice(0, limit);
    return [...again, ...this.pending.slice(this.head, this.head + limit - again.length)];
  }

  private dropPending(): void {
    this.pending = [];
    this.head = 0;
    this.redeliveries = [];
  }

  private drainWebhook(): Promise<void> {
    this.chain = this.chain
      .then(() => this.deliverInOrder())
      .catch((error: unknown) => {
        this.lastError = { date: Math.floor(this.deps.nowMs() / 1000), message: `fake: ${String(error)}` };
      });
    return this.chain;
  }

  private async deliverInOrder(): Promise<void> {
    while (this.webhook && !this.closed) {
      const redelivery = this.redeliveries.length > 0;
      const update = redelivery ? this.redeliveries[0] : this.pending[this.head];
      if (!update) return;
      const { url, secretToken } = this.webhook;
      const answer = await postUpdate(url, update, { secretToken, agent: this.agent, timeoutMs: this.deps.webhookTimeoutMs });
      const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
      this.deliveries.push({
        updateId: update.update_id,
        status: answer.status,
        error: answer.status === null ? answer.error : undefined,
        at: new Date(this.deps.nowMs()),
        redelivery,
      });
      if (!ok) {
        const message = answer.status === null ? answer.error : `Wrong response from the webhook: ${answer.status} ${answer.statusText}`;
        this.lastError = { date: Math.floor(this.deps.nowMs() / 1000), message };
        return;
      }
      if (redelivery) this.redeliveries.shift();
      else this.head += 1;
      if (answer.body.length > 0) await this.deps.onWebhookReply(answer);
    }
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
