import http from 'node:http';
import https from 'node:https';
import type { Telegraf } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { TelegramError } from 'telegraf';
import type { OutboundMessage } from '../../core/messages.js';
import type { Db } from '../../db/client.js';
import type { Ctx } from '../../domain/context.js';
import { DomainError } from '../../core/errors.js';
import { openStoredFile } from '../../domain/files.js';
import { silentLogger, type Logger } from '../../lib/logger.js';
import { ChannelError, type ChannelSender } from '../../outbox/channel-sender.js';
import { PartProgress } from '../part-progress.js';
import type { ChannelLimits } from '../../outbox/limits.js';
import { telegramChatKind, telegramLimits } from './limits.js';
import { inlineKeyboard, messageText } from './render.js';
import { jsonCaller } from './json-call.js';
import { telegramTextParts } from './text-parts.js';

export type TelegramSenderOptions = {
  /** Default: TELEGRAM_MAX_MPS's default of 25 a second, about 1 a second per chat. */
  limits?: ChannelLimits;
  log?: Logger;
  /** Keep-alive connections to the Bot API at most (the sender's sends in flight). */
  maxSockets?: number;
};

/** Delivers outbox messages through the Bot API; maps its errors to the two kinds the sender knows. */
export class TelegramChannelSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  readonly limits: ChannelLimits;
  readonly chatKind = telegramChatKind;
  private readonly log: Logger;
  private readonly progress = new PartProgress();
  private readonly call: ReturnType<typeof jsonCaller>;

  constructor(
    private readonly bot: Telegraf,
    private readonly fileCtx: () => Pick<Ctx, 'db' | 'filesDir'> & { db: Db },
    opts: TelegramSenderOptions = {},
  ) {
    this.limits = opts.limits ?? telegramLimits({ perSecond: 25 });
    this.log = opts.log ?? silentLogger;
    keepAlive(bot, opts.maxSockets ?? 64);
    this.call = jsonCaller(bot, { maxSockets: opts.maxSockets ?? 64 });
  }

  callsFor(message: OutboundMessage): number {
    const { parts } = rendered(message);
    return parts.length + (message.fileId !== undefined ? 1 : 0);
  }

  async send(chatId: string, message: OutboundMessage): Promise<{ messageId?: string }> {
    try {
      // Find the file first: when it is gone, nothing is sent (a retry would repeat the text).
      const file = message.fileId !== undefined ? this.storedFile(message.fileId) : undefined;
      const { parts, format, markup } = rendered(message);
      const calls = parts.length + (file ? 1 : 0);
      const key = calls > 1 ? this.progress.key(chatId, message) : undefined;
      let last: { message_id: number } | undefined;
      for (let i = this.progress.done(key); i < calls; i++) {
        const isLast = i === calls - 1;
        if (i < parts.length) {
          last = await this.call<{ message_id: number }>('sendMessage', { chat_id: chatId, text: parts[i]!, ...format, ...(isLast ? markup : {}) });
        } else {
          const document = { source: file!.path, filename: file!.row.originalName };
          last = await this.bot.telegram.sendDocument(chatId, document, isLast ? markup : {});
        }
        if (key && !isLast) this.progress.remember(key, i + 1);
      }
      this.progress.finished(key);
      return { messageId: last ? String(last.message_id) : undefined };
    } catch (err) {
      throw toChannelError(err);
    }
  }

  /** A missing file will not come back by retrying: a 4xx-like refusal, so the sender fails it at once. */
  private storedFile(fileId: number): ReturnType<typeof openStoredFile> {
    try {
      return openStoredFile({ ...this.fileCtx(), log: this.log } as Ctx, fileId);
    } catch (err) {
      if (err instanceof DomainError) throw new ChannelError('platform', `stored file ${fileId}: ${err.message}`, 404);
      throw err;
    }
  }
}

type Rendered = { parts: string[]; format: { parse_mode?: 'HTML' }; markup: { reply_markup?: { inline_keyboard: InlineKeyboardButton[][] } } };
const renderings = new WeakMap<OutboundMessage, Rendered>();

/**
 * The message as the Bot API takes it: its text parts (none when a file goes alone), their
 * format, the buttons on the last one. Kept per message object: a broadcast's recipients share
 * one (src/outbox/payloads.ts), so its text is rendered once, not 10,000 times.
 */
function rendered(message: OutboundMessage): Rendered {
  let r = renderings.get(message);
  if (!r) {
    const text = telegramTextParts(message);
    const keyboard = inlineKeyboard(message);
    r = {
      parts: message.fileId !== undefined && messageText(message).trim() === '' ? [] : text.parts,
      format: text.parseMode ? { parse_mode: text.parseMode } : {},
      markup: keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {},
    };
    renderings.set(message, r);
  }
  return r;
}

/**
 * Reuses connections to the Bot API instead of a TCP (and TLS) handshake per message, with a
 * bound on how many. telegraf drops an agent given for an http:// root (a local Bot API
 * server), so it is set on its client afterwards.
 */
function keepAlive(bot: Telegraf, maxSockets: number): void {
  const options = bot.telegram.options;
  if (options.agent && ourAgents.has(options.agent)) return; // a second sender on the same bot (a restart)
  const secure = options.apiRoot.startsWith('https:');
  const agentOptions = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets, scheduling: 'lifo' as const };
  options.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  ourAgents.add(options.agent);
}
const ourAgents = new WeakSet<http.Agent>();

export function toChannelError(err: unknown): ChannelError {
  if (err instanceof TelegramError) {
    const description = err.description ?? err.message;
    const blocked =
      err.code === 403 || (err.code === 400 && /chat not found|user is deactivated|bot was blocked/i.test(description));
    return new ChannelError('platform', description, err.code, err.parameters?.retry_after, blocked);
  }
  if (err instanceof ChannelError) return err;
  return new ChannelError('network', String((err as Error)?.message ?? err));
}
