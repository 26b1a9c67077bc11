import { readFile } from 'node:fs/promises';
import { CAPABILITIES, type ChannelCapabilities } from '../../core/capabilities.js';
import type { OutboundMessage } from '../../core/messages.js';
import { PartProgress } from '../part-progress.js';
import { renderPlain } from '../render-plain.js';
import { zaloLimits } from '../zalo/sender.js';
import type { Ctx } from '../../domain/context.js';
import { DomainError } from '../../core/errors.js';
import { openStoredFile } from '../../domain/files.js';
import { ChannelError, type ChannelSender } from '../../outbox/channel-sender.js';
import type { ChannelLimits } from '../../outbox/limits.js';
import type { OaMessage, OaRecipient } from './api-types.js';
import { ZALO_OA } from './constants.js';
import type { ZaloOaClient } from './client.js';
import { OA_QUOTA, OA_TOKEN_INVALID, OA_WINDOW_CLOSED, ZaloOaApiError } from './errors.js';
import { QuotaCache } from './quota-cache.js';
import { windowDecision } from './send-window.js';
import { OaNotConnected, type OaTokenKeeper } from './token-keeper.js';

/**
 * Calls to the OA API a second (a message costs its quota check and one call per part). Zalo
 * publishes no firm rate: one guide says 20 sends a second, another 4,000 requests a minute.
 */
export const OA_DEFAULT_PER_SECOND = 20;

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png']);
const FILE_TYPES = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);
const IMAGE_MAX = 1024 * 1024;
const NO_FILE = { ...CAPABILITIES.zalo_oa, documentsOut: false };
const FILE_MAX = 5 * 1024 * 1024;

export type OaSenderDeps = {
  client: ZaloOaClient;
  tokens: OaTokenKeeper;
  /** For stored files (db, filesDir, log) and the clock of the window check. */
  ctx: Ctx;
  /** The person's latest message id: quoting it makes the message a (free) reply. */
  replyTo: (userId: string) => string | undefined;
  limits?: ChannelLimits;
};

/**
 * Delivers outbox messages as OA consultation messages. Before anything is sent the quota
 * endpoint says whether the person is inside the interaction window and has replies left;
 * when not, the message fails with reason window_closed or quota and is not attempted.
 * A token refused by Zalo (-124, -216, -220) forces one refresh and one more try.
 */
export class ZaloOaChannelSender implements ChannelSender {
  readonly channel = ZALO_OA;
  readonly limits: ChannelLimits;
  private readonly quotas = new QuotaCache();
  /** A retry after a failure midway sends only the parts not yet delivered. */
  private readonly progress = new PartProgress();

  constructor(private readonly deps: OaSenderDeps) {
    this.limits = deps.limits ?? oaLimits(OA_DEFAULT_PER_SECOND);
  }

  chatKind(): 'private' {
    return 'private';
  }

  /** The text parts and the file (the quota check is a read, mostly answered from the cache). */
  callsFor(message: OutboundMessage): number {
    return textParts(message, CAPABILITIES.zalo_oa).length + (message.fileId !== undefined ? 1 : 0);
  }

  async send(userId: string, message: OutboundMessage): Promise<{ messageId?: string }> {
    try {
      const file = message.fileId !== undefined ? await this.fileMessage(message.fileId) : undefined;
      const decision = windowDecision(await this.quota(userId), this.deps.ctx.clock.now().getTime());
      if (!decision.send) throw new ChannelError('platform', `not sent: ${decision.detail}`, 400, undefined, false, decision.reason);
      const replyTo = decision.free ? this.deps.replyTo(userId) : undefined;
      const recipient: OaRecipient = replyTo ? { user_id: userId, message_id: replyTo } : { user_id: userId };
      // A file the OA cannot carry is announced in the text instead (as on the Bot Platform).
      const parts = textParts(message, file ? CAPABILITIES.zalo_oa : NO_FILE);
      const calls = parts.length + (file ? 1 : 0);
      const key = calls > 1 ? this.progress.key(userId, message) : undefined;
      let last: string | undefined;
      for (let i = this.progress.done(key); i < calls; i++) {
        const payload: OaMessage = i < parts.length ? { text: parts[i]! } : await this.withToken((token) => file!(token));
        last = (await this.withToken((token) => this.deps.client.sendMessage(token, recipient, payload))).message_id;
        this.quotas.spend(userId);
        if (key && i < calls - 1) this.progress.remember(key, i + 1);
      }
      this.progress.finished(key);
      return { messageId: last };
    } catch (err) {
      const e = toChannelError(err);
      if (e.refusal) this.quotas.forget(userId);
      throw e;
    }
  }

  /** The person wrote (or followed): their window and free replies start again, so ask Zalo afresh. */
  personInteracted(userId: string): void {
    this.quotas.forget(userId);
  }

  /** Where the person stands: the quota endpoint, or its answer of the last minute. */
  private async quota(userId: string) {
    const now = this.deps.ctx.clock.now().getTime();
    const cached = this.quotas.get(userId, now);
    if (cached) return cached;
    const fresh = await this.withToken((token) => this.deps.client.quota(token, userId));
    this.quotas.put(userId, fresh, now);
    return fresh;
  }

  /** Runs a call with the current access token; a token Zalo refuses is replaced once. */
  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.deps.tokens.accessToken();
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof ZaloOaApiError && OA_TOKEN_INVALID.has(err.code))) throw err;
      return call(await this.deps.tokens.replaceRejected(token));
    }
  }

  /**
   * A stored file as an upload-then-send: images (JPG/PNG ≤ 1 MB) as a media template, PDF and
   * Word (≤ 5 MB) as a file. Anything else cannot go out on the OA: undefined.
   */
  private async fileMessage(fileId: number): Promise<((token: string) => Promise<OaMessage>) | undefined> {
    let stored: ReturnType<typeof openStoredFile>;
    try {
      stored = openStoredFile(this.deps.ctx, fileId);
    } catch (err) {
      if (err instanceof DomainError) throw new ChannelError('platform', `stored file ${fileId}: ${err.message}`, 404);
      throw err;
    }
    const { mimeType, size, originalName } = stored.row;
    const image = IMAGE_TYPES.has(mimeType) && size <= IMAGE_MAX;
    if (!image && !(FILE_TYPES.has(mimeType) && size <= FILE_MAX)) return undefined;
    const bytes = await readFile(stored.path);
    return async (token) => {
      const ref = await this.deps.client.upload(token, image ? 'image' : 'file', bytes, originalName, mimeType);
      return image
        ? { attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: ref }] } } }
        : { attachment: { type: 'file', payload: { token: ref } } };
    };
  }
}

/** The texts to send; none for a file sent without a caption (Zalo refuses an empty text). */
function textParts(message: OutboundMessage, caps: ChannelCapabilities): string[] {
  return renderPlain(message, caps).filter((part) => part.trim() !== '');
}

/** ZALO_OA_MAX_MPS sends a second overall; about one a second to one person, with a short burst (as the Bot Platform). */
export function oaLimits(perSecond: number, perChat?: { perSecond: number; burst: number }): ChannelLimits {
  return zaloLimits({ perSecond, chatPerSecond: perChat?.perSecond, chatBurst: perChat?.burst });
}

/** Zalo's answers in the sender's two kinds of failure, with the OA's own refusals kept apart. */
export function toChannelError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof OaNotConnected) return new ChannelError('platform', err.message, 401);
  if (err instanceof ZaloOaApiError) {
    if (OA_TOKEN_INVALID.has(err.code)) return new ChannelError('platform', err.message, 401);
    if (OA_WINDOW_CLOSED.has(err.code)) return new ChannelError('platform', err.message, 400, undefined, false, 'window_closed');
    if (OA_QUOTA.has(err.code)) return new ChannelError('platform', err.message, 400, undefined, false, 'quota');
    if (err.code === -32) return new ChannelError('platform', err.message, 429, 60);
    if (err.httpStatus >= 500 || err.code === -100) return new ChannelError('platform', err.message, 500);
    return new ChannelError('platform', err.message, 400);
  }
  return new ChannelError('network', String((err as Error)?.message ?? err));
}
