/**
 * Every chat's message history: message ids (shared by user and bot, per chat, like private
 * chats on Telegram), the bot's messages as users see them, and waiters for new ones.
 * Indexed per chat so a send costs O(1) however many messages exist.
 */
import type { SentMessage } from './telegram-types.js';

interface ChatLog {
  lastMessageId: number;
  sent: SentMessage[];
  /** Bot messages by id; user message ids are kept so the bot may delete them. */
  botMessages: Map<number, SentMessage>;
  userMessageIds: Set<number>;
}

interface MessageWaiter {
  isDone(messages: SentMessage[]): boolean;
  resolve(messages: SentMessage[]): void;
  reject(error: Error): void;
}

export class MessageStore {
  private readonly chats = new Map<number, ChatLog>();
  private readonly all: SentMessage[] = [];
  private readonly waiters = new Map<number, Set<MessageWaiter>>();

  nextMessageId(chatId: number): number {
    const log = this.log(chatId);
    log.lastMessageId += 1;
    return log.lastMessageId;
  }

  addUserMessage(chatId: number, messageId: number): void {
    this.log(chatId).userMessageIds.add(messageId);
  }

  addSent(message: SentMessage): void {
    const log = this.log(message.chatId);
    log.sent.push(message);
    log.botMessages.set(message.messageId, message);
    this.all.push(message);
    const waiters = this.waiters.get(message.chatId);
    if (!waiters) return;
    for (const waiter of waiters) {
      if (waiter.isDone(log.sent)) {
        waiters.delete(waiter);
        waiter.resolve([...log.sent]);
      }
    }
  }

  botMessage(chatId: number, messageId: number): SentMessage | undefined {
    return this.chats.get(chatId)?.botMessages.get(messageId);
  }

  /** Removes a message the bot may delete; false when there is no such message. */
  delete(chatId: number, messageId: number): boolean {
    const log = this.chats.get(chatId);
    const botMessage = log?.botMessages.get(messageId);
    if (botMessage && !botMessage.deleted) {
      botMessage.deleted = true;
      return true;
    }
    return log?.userMessageIds.delete(messageId) ?? false;
  }

  sent(chatId?: number): SentMessage[] {
    return chatId === undefined ? [...this.all] : [...(this.chats.get(chatId)?.sent ?? [])];
  }

  count(): number {
    return this.all.length;
  }

  /** Resolves as soon as `isDone` holds for the chat's messages; rejects after `timeoutMs`. */
  waitFor(chatId: number, isDone: (messages: SentMessage[]) => boolean, timeoutMs: number, describe: string): Promise<SentMessage[]> {
    const current = this.sent(chatId);
    if (isDone(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      let set = this.waiters.get(chatId);
      if (!set) this.waiters.set(chatId, (set = new Set()));
      const waiters = set;
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const got = this.sent(chatId).map((m) => m.text);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe} to chat ${chatId}; got ${got.length}: ${JSON.stringify(got)}`));
      }, timeoutMs);
      const waiter: MessageWaiter = {
        isDone,
        resolve: (messages) => {
          clearTimeout(timer);
          resolve(messages);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.add(waiter);
    });
  }

  /** Ends every wait (the fake is closing) so no timer outlives it. */
  cancelWaits(reason: string): void {
    for (const [chatId, waiters] of this.waiters) {
      for (const waiter of waiters) waiter.reject(new Error(`${reason} while waiting for messages to chat ${chatId}`));
      waiters.clear();
    }
  }

  private log(chatId: number): ChatLog {
    let log = this.chats.get(chatId);
    if (!log) {
      log = { lastMessageId: 0, sent: [], botMessages: new Map(), userMessageIds: new Set() };
      this.chats.set(chatId, log);
    }
    return log;
  }
}
