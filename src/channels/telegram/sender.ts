import type { Telegraf } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { OutboundMessage } from '../../conversation/messages.js';
import type { Db } from '../../db/client.js';
import { openStoredFile } from '../../domain/files.js';
import type { Ctx } from '../../domain/context.js';
import { ChannelError, type ChannelSender } from '../../outbox/channel-sender.js';
import { inlineKeyboard, messageText, splitText } from './render.js';

/** Delivers outbox messages through the Bot API; maps its errors to the two kinds the sender knows. */
export class TelegramChannelSender implements ChannelSender {
  readonly channel = 'telegram' as const;

  constructor(
    private readonly bot: Telegraf,
    private readonly fileCtx: () => Pick<Ctx, 'db' | 'filesDir'> & { db: Db },
  ) {}

  async send(chatId: string, message: OutboundMessage): Promise<{ messageId?: string }> {
    try {
      const parts = splitText(messageText(message));
      const keyboard = inlineKeyboard(message);
      let last: { message_id: number } | undefined;
      for (let i = 0; i < parts.length; i++) {
        const isLast = i === parts.length - 1;
        last = await this.bot.telegram.sendMessage(
          chatId,
          parts[i]!,
          isLast && keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {},
        );
      }
      if (message.fileId !== undefined) {
        const { row, path } = openStoredFile(this.fileCtx() as Ctx, message.fileId);
        last = await this.bot.telegram.sendDocument(chatId, { source: path, filename: row.originalName });
      }
      return { messageId: last ? String(last.message_id) : undefined };
    } catch (err) {
      throw toChannelError(err);
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
