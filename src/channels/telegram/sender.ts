import type { Telegraf } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { OutboundMessage } from '../../conversation/messages.js';
import type { Db } from '../../db/client.js';
import type { Ctx } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import { openStoredFile } from '../../domain/files.js';
import { silentLogger, type Logger } from '../../lib/logger.js';
import { ChannelError, type ChannelSender } from '../../outbox/channel-sender.js';
import { inlineKeyboard, messageText } from './render.js';
import { telegramTextParts } from './text-parts.js';

/** Delivers outbox messages through the Bot API; maps its errors to the two kinds the sender knows. */
export class TelegramChannelSender implements ChannelSender {
  readonly channel = 'telegram' as const;

  constructor(
    private readonly bot: Telegraf,
    private readonly fileCtx: () => Pick<Ctx, 'db' | 'filesDir'> & { db: Db },
    private readonly log: Logger = silentLogger,
  ) {}

  async send(chatId: string, message: OutboundMessage): Promise<{ messageId?: string }> {
    try {
      // Find the file first: when it is gone, nothing is sent (a retry would repeat the text).
      const file = message.fileId !== undefined ? this.storedFile(message.fileId) : undefined;
      const rendered = telegramTextParts(message);
      const parts = file && messageText(message).trim() === '' ? [] : rendered.parts;
      const format = rendered.parseMode ? { parse_mode: rendered.parseMode } : {};
      const keyboard = inlineKeyboard(message);
      const markup = keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {};
      let last: { message_id: number } | undefined;
      for (let i = 0; i < parts.length; i++) {
        const isLast = i === parts.length - 1;
        last = await this.bot.telegram.sendMessage(chatId, parts[i]!, { ...format, ...(isLast ? markup : {}) });
      }
      if (file) {
        last = await this.bot.telegram.sendDocument(
          chatId,
          { source: file.path, filename: file.row.originalName },
          parts.length === 0 ? markup : {},
        );
      }
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
