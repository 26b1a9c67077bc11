import { Hono } from 'hono';
import { CAPABILITIES } from '../../core/capabilities.js';
import type { InboundEvent, InboundFile } from '../../core/messages.js';
import type { Inbox } from '../../conversation/inbox.js';
import { secretMatcher } from '../../lib/ids.js';
import type { Logger } from '../../lib/logger.js';
import type { ChannelSender } from '../../outbox/channel-sender.js';
import type { ChannelAdapter, FetchedFile } from '../adapter.js';
import { downloadFile } from '../download.js';
import type { ZaloBotClient } from './client.js';
import { ZaloLongPoll } from './long-poll.js';
import { unwrapUpdate, zaloToInbound } from './to-inbound.js';
import type { ZaloUpdate } from './types.js';

export type ZaloOptions = { webhookUrl?: string; webhookSecret?: string };

/**
 * The Zalo Bot Platform side: long polling when ZALO_WEBHOOK_URL is unset, else a webhook
 * checked by its secret header; every update is stored in the inbox before anything else.
 * Images arrive as URLs and are downloaded; documents never arrive (the platform sends
 * "unsupported" instead), which the conversation answers with the personal upload page.
 */
export class ZaloAdapter implements ChannelAdapter {
  readonly channel = 'zalo' as const;
  readonly capabilities = CAPABILITIES.zalo;
  readonly webhook: ChannelAdapter['webhook'];
  private poll: ZaloLongPoll | undefined;

  constructor(
    private readonly client: ZaloBotClient,
    readonly sender: ChannelSender,
    private readonly opts: ZaloOptions,
    private readonly inbox: Inbox,
    private readonly log: Logger,
  ) {
    this.webhook = opts.webhookUrl ? { path: '/zalo/webhook', app: this.webhookRoutes() } : undefined;
  }

  async accept(update: ZaloUpdate): Promise<{ duplicate: boolean }> {
    const event = zaloToInbound(update);
    if (!event) {
      this.log.debug({ event: update.event_name }, 'zalo: update ignored');
      return { duplicate: false };
    }
    return this.inbox.accept(event);
  }

  async start(): Promise<void> {
    if (this.opts.webhookUrl) {
      await this.client.setWebhook(this.opts.webhookUrl, this.opts.webhookSecret!);
      this.log.info('zalo: webhook registered');
      return;
    }
    this.poll = new ZaloLongPoll(this.client, (update) => this.accept(update), this.log);
    await this.poll.start();
    this.log.info('zalo: long polling started');
  }

  async stop(): Promise<void> {
    await this.poll?.stop();
    this.poll = undefined;
  }

  /** Downloads an image a person sent (its URL); refuses more than the bot's 20 MB. */
  async fetchFile(_event: InboundEvent, file: InboundFile): Promise<FetchedFile> {
    if (!/^https?:\/\//.test(file.ref)) throw new Error('zalo image: not an http(s) URL');
    return downloadFile(file.ref, 'zalo image');
  }

  /**
   * POST /zalo/webhook: X-Bot-Api-Secret-Token compared in constant time before the body is
   * read (a mismatch stores nothing); the update is stored before the 200.
   */
  private webhookRoutes(): Hono {
    const app = new Hono();
    const isSecret = this.opts.webhookSecret ? secretMatcher(this.opts.webhookSecret) : () => false;
    app.post('/', async (c) => {
      if (!isSecret(c.req.header('x-bot-api-secret-token') ?? '')) {
        return c.json({ code: 'forbidden', message: 'wrong secret token' }, 403);
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ code: 'invalid', message: 'body: not valid JSON', field: 'body' }, 400);
      }
      const update = unwrapUpdate(body);
      if (!update) return c.json({ code: 'invalid', message: 'event_name: required', field: 'event_name' }, 400);
      await this.accept(update);
      return c.json({ ok: true });
    });
    return app;
  }
}
