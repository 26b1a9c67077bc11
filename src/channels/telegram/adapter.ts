import { Hono } from 'hono';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Inbox } from '../../conversation/inbox.js';
import type { StaffChat } from '../../conversation/flows/staff-group-post.js';
import { CAPABILITIES } from '../../core/capabilities.js';
import type { InboundEvent, InboundFile } from '../../core/messages.js';
import { secretMatcher } from '../../lib/ids.js';
import type { Logger } from '../../lib/logger.js';
import type { ChannelSender } from '../../outbox/channel-sender.js';
import type { ChannelAdapter, FetchedFile } from '../adapter.js';
import { downloadFile } from '../download.js';
import { BOT_COMMANDS } from './commands.js';
import { LongPoll } from './long-poll.js';
import { toInbound } from './to-inbound.js';

export type TelegramOptions = {
  token: string;
  apiRoot?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** The staff group (a negative chat id): the only group whose messages the bot reads. */
  staffChatId?: string;
};

/**
 * The Telegram side of the bot: receives updates (long polling or webhook), stores each in the
 * inbox before Telegram gets its acknowledgement, and downloads files. Telegraf types stay here.
 */
export class TelegramAdapter implements ChannelAdapter {
  readonly channel = 'telegram' as const;
  readonly capabilities = CAPABILITIES.telegram;
  readonly bot: Telegraf;
  readonly sender: ChannelSender;
  readonly webhook: ChannelAdapter['webhook'];
  readonly staffChat: StaffChat | undefined;
  private poll: LongPoll | undefined;

  constructor(
    private readonly opts: TelegramOptions,
    private readonly inbox: Inbox,
    private readonly log: Logger,
    makeSender: (bot: Telegraf) => ChannelSender,
  ) {
    this.bot = new Telegraf(opts.token, {
      telegram: opts.apiRoot ? { apiRoot: opts.apiRoot, webhookReply: false } : { webhookReply: false },
      handlerTimeout: 30_000,
    });
    this.sender = makeSender(this.bot);
    this.webhook = opts.webhookUrl ? { path: '/telegram/webhook', app: this.webhookRoutes() } : undefined;
    this.staffChat = opts.staffChatId ? { channel: 'telegram', chatId: opts.staffChatId } : undefined;
  }

  /** Stores the update (deduplicated); answers a button press so the client stops spinning. */
  async accept(update: Update): Promise<{ duplicate: boolean }> {
    const event = toInbound(update, { staffChatId: this.opts.staffChatId });
    if (!event) return { duplicate: false };
    const result = await this.inbox.accept(event);
    if (event.callbackId && !result.duplicate) {
      this.bot.telegram.answerCbQuery(event.callbackId).catch((err: unknown) => {
        this.log.debug({ err }, 'answerCallbackQuery failed');
      });
    }
    return result;
  }

  /** Starts receiving: webhook registration when TELEGRAM_WEBHOOK_URL is set, else long polling. */
  async start(): Promise<void> {
    await this.setCommands();
    if (this.opts.webhookUrl) {
      await this.bot.telegram.setWebhook(this.opts.webhookUrl, {
        secret_token: this.opts.webhookSecret,
        allowed_updates: ['message', 'callback_query'],
      });
      this.log.info('telegram: webhook registered');
      return;
    }
    this.poll = new LongPoll(this.bot, (update) => this.accept(update), this.log);
    await this.poll.start();
    this.log.info('telegram: long polling started');
  }

  async setCommands(): Promise<void> {
    try {
      await this.bot.telegram.setMyCommands(BOT_COMMANDS);
      await this.bot.telegram.setMyCommands(BOT_COMMANDS, { language_code: 'vi' });
    } catch (err) {
      this.log.warn({ err }, 'telegram: could not set the command list');
    }
  }

  async botUsername(): Promise<string | undefined> {
    try {
      return (await this.bot.telegram.getMe()).username;
    } catch {
      return undefined;
    }
  }

  /** Downloads a document through getFile; refuses more than the cloud API's 20 MB. */
  async fetchFile(_event: InboundEvent, file: InboundFile): Promise<FetchedFile> {
    return downloadFile(await this.bot.telegram.getFileLink(file.ref), 'telegram file');
  }

  /**
   * POST /telegram/webhook: the secret header is compared in constant time before the body is
   * read; the update is stored before the 200 goes back, so Telegram redelivers if we crash first.
   */
  webhookRoutes(): Hono {
    const app = new Hono();
    const isSecret = this.opts.webhookSecret ? secretMatcher(this.opts.webhookSecret) : () => false;
    app.post('/', async (c) => {
      if (!isSecret(c.req.header('x-telegram-bot-api-secret-token') ?? '')) {
        return c.json({ code: 'forbidden', message: 'wrong secret token' }, 403);
      }
      let update: Update;
      try {
        update = (await c.req.json()) as Update;
      } catch {
        return c.json({ code: 'invalid', message: 'body: not valid JSON', field: 'body' }, 400);
      }
      if (typeof update !== 'object' || update === null || typeof update.update_id !== 'number') {
        return c.json({ code: 'invalid', message: 'update_id: required', field: 'update_id' }, 400);
      }
      await this.accept(update);
      return c.json({ ok: true });
    });
    return app;
  }

  async stop(): Promise<void> {
    await this.poll?.stop();
    this.poll = undefined;
  }
}
