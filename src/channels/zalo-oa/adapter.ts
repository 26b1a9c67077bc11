import { Hono } from 'hono';
import { latestMessageId } from '../../conversation/inbound-store.js';
import type { Inbox } from '../../conversation/inbox.js';
import { CAPABILITIES } from '../../core/capabilities.js';
import type { InboundEvent, InboundFile } from '../../core/messages.js';
import { findContactByPlatformUser, markContactBlocked } from '../../domain/contacts.js';
import type { Ctx } from '../../domain/context.js';
import { MAX_FILE_BYTES } from '../../domain/files.js';
import { currentOaTokens, saveOaConnection } from '../../domain/zalo-oa-tokens.js';
import { OA_CALLBACK_PATH, zaloOaRoutes } from '../../http/dashboard/routes/zalo-oa.js';
import type { ChannelAdapter, FetchedFile } from '../adapter.js';
import { downloadFile } from '../download.js';
import type { OaWebhookEvent } from './api-types.js';
import { oaConnector } from './connector.js';
import { ZALO_OA } from './constants.js';
import { ZaloOaClient } from './client.js';
import { refreshGrant, type OaApp } from './oauth.js';
import { ZaloOaChannelSender, oaLimits } from './sender.js';
import { toInbound } from './to-inbound.js';
import { OaTokenKeeper } from './token-keeper.js';
import { oaWebhookRoutes } from './webhook.js';

export type ZaloOaOptions = OaApp & {
  /** The OA secret key (webhook signatures); not the app secret. */
  oaSecretKey: string;
  /** The OA this deployment serves; the OAuth callback must name it. */
  oaId: string;
  apiRoot: string;
  /** ZALO_OA_MAX_MPS. */
  maxMessagesPerSecond: number;
  /** PUBLIC_BASE_URL: the OAuth callback is /admin/zalo-oa/callback under it. */
  publicBaseUrl: string;
  /** ZALO_OA_REFRESH_TOKEN: spent once to connect the OA when no grant is stored. */
  bootstrapRefreshToken?: string;
  /** Tests: a faster pace to one person. */
  chatPace?: { perSecond: number; burst: number };
};

/** How often the grant is looked at, so it is refreshed before expiry even with nothing to send. */
const KEEP_FRESH_MS = 60 * 60_000;
const REPLY_MEMORY = 50_000;

/**
 * The Zalo Official Account side: the signed webhook (events stored in the inbox before the
 * 200), file downloads from Zalo's URLs, the outbound sender, and the OAuth grant kept fresh.
 * OA payload types stay in src/channels/zalo-oa.
 */
export class ZaloOaAdapter implements ChannelAdapter {
  readonly channel = ZALO_OA;
  readonly capabilities = CAPABILITIES.zalo_oa;
  /** The signed webhook at /zalo-oa/webhook and the admin pages that connect the OA at /admin/zalo-oa. */
  readonly webhook: { path: string; app: Hono };
  readonly routes: { path: string; app: Hono };
  readonly client: ZaloOaClient;
  readonly tokens: OaTokenKeeper;
  readonly sender: ZaloOaChannelSender;
  /** Each person's latest message id, so a reply quotes it (a free reply rather than a paid one); after a restart, from the inbox. */
  private readonly lastMessage = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly opts: ZaloOaOptions,
    private readonly inbox: Inbox,
    private readonly ctx: Ctx,
  ) {
    this.client = new ZaloOaClient(opts.apiRoot);
    this.tokens = new OaTokenKeeper({ ctx, app: opts });
    this.sender = new ZaloOaChannelSender({
      client: this.client,
      tokens: this.tokens,
      ctx,
      replyTo: (userId) => this.lastMessage.get(userId) ?? latestMessageId(ctx.db, ZALO_OA, userId),
      limits: oaLimits(opts.maxMessagesPerSecond, opts.chatPace),
    });
    this.webhook = { path: '/zalo-oa/webhook', app: this.webhookRoutes() };
    const pages = new Hono();
    pages.route('/', zaloOaRoutes(oaConnector(opts, opts.publicBaseUrl + OA_CALLBACK_PATH)));
    this.routes = { path: '/', app: pages };
  }

  /** Stores a webhook event (deduplicated on its msg_id); an unfollow makes the contact unreachable. */
  async accept(e: OaWebhookEvent): Promise<{ duplicate: boolean }> {
    const meaning = toInbound(e);
    if (meaning.kind === 'unfollow') {
      const contact = findContactByPlatformUser(this.ctx.db, ZALO_OA, meaning.userId);
      if (contact) markContactBlocked(this.ctx, contact.id);
      return { duplicate: false };
    }
    if (meaning.kind === 'ignore') return { duplicate: false };
    const result = await this.inbox.accept(meaning.event);
    if (!result.duplicate) {
      this.sender.personInteracted(meaning.event.chatId);
      if (meaning.event.messageId) this.remember(meaning.event.chatId, meaning.event.messageId);
    }
    return result;
  }

  webhookRoutes(): Hono {
    return oaWebhookRoutes({ appId: this.opts.appId, oaSecretKey: this.opts.oaSecretKey }, (e) => this.accept(e));
  }

  /** A file or image a person sent: Zalo gives a download URL (§2.6); the declared size is checked first. */
  async fetchFile(_event: InboundEvent, file: InboundFile): Promise<FetchedFile> {
    if (file.size !== undefined && file.size > MAX_FILE_BYTES) return { tooBigBytes: file.size };
    if (!/^https?:\/\//.test(file.ref)) throw new Error('zalo_oa file: not an http(s) URL');
    return downloadFile(file.ref, 'zalo_oa file');
  }

  /** Refreshes the grant when it is close to expiry, now and every hour (a failure is logged by the keeper). */
  async start(): Promise<void> {
    await this.bootstrap();
    const check = () => this.tokens.accessToken().catch(() => undefined);
    await check();
    this.timer = setInterval(check, KEEP_FRESH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Without a stored grant, a refresh token given in the environment connects the OA (once: it is single-use). */
  private async bootstrap(): Promise<void> {
    const refreshToken = this.opts.bootstrapRefreshToken;
    if (!refreshToken || currentOaTokens(this.ctx)) return;
    try {
      const grant = await refreshGrant(this.opts, refreshToken);
      saveOaConnection(this.ctx, { oaId: this.opts.oaId, grant: { ...grant, refreshToken: grant.refreshToken ?? refreshToken } });
      this.ctx.log.info({ oaId: this.opts.oaId }, 'zalo_oa: connected with ZALO_OA_REFRESH_TOKEN');
    } catch (err) {
      this.ctx.log.warn({ err }, 'zalo_oa: ZALO_OA_REFRESH_TOKEN was refused; connect the OA at /admin/zalo-oa');
    }
  }

  private remember(userId: string, messageId: string): void {
    if (this.lastMessage.size >= REPLY_MEMORY && !this.lastMessage.has(userId)) this.lastMessage.clear();
    this.lastMessage.delete(userId);
    this.lastMessage.set(userId, messageId);
  }
}
