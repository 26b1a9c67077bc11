/** Builds the Update objects Telegram would send when a user does something in a private chat. */
import { randomBytes } from 'node:crypto';
import type { FakeUser, SentMessage, Update } from './telegram-types.js';

type Json = Record<string, unknown>;

export function userObject(user: FakeUser): Json {
  return compact({
    id: user.id,
    is_bot: false,
    first_name: user.firstName,
    last_name: user.lastName,
    username: user.username,
    language_code: user.languageCode,
  });
}

export function privateChat(user: FakeUser): Json {
  return compact({
    id: user.id,
    type: 'private',
    first_name: user.firstName,
    last_name: user.lastName,
    username: user.username,
  });
}

/** A user's message with whatever content fields (text, document, photo…) are given. */
export function messageUpdate(updateId: number, user: FakeUser, messageId: number, date: number, content: Json): Update {
  const message = { message_id: messageId, from: userObject(user), chat: privateChat(user), date, ...compact(content) };
  return { update_id: updateId, message } as unknown as Update;
}

/** "/start abc" with the bot_command entity telegraf's command matching relies on. */
export function commandContent(command: string, payload?: string): Json {
  const name = command.startsWith('/') ? command : `/${command}`;
  const text = payload ? `${name} ${payload}` : name;
  return { text, entities: [{ type: 'bot_command', offset: 0, length: name.length }] };
}

export function callbackQueryUpdate(updateId: number, user: FakeUser, message: SentMessage, data: string): Update {
  const callback_query = {
    id: `${user.id}${randomBytes(6).readUIntBE(0, 6)}`,
    from: userObject(user),
    message: message.message,
    chat_instance: String(-Math.abs(user.id * 7919)),
    data,
  };
  return { update_id: updateId, callback_query } as unknown as Update;
}

export function compact(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}
