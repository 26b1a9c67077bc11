/** The Bot API methods the fake answers, with Telegram's validation and error texts. */
import type { FileStore, StoredFile } from './telegram-files.js';
import { checkCaption, checkMessageText, checkReplyMarkup } from './telegram-message-rules.js';
import type { MessageStore } from './telegram-messages.js';
import { guessMimeType, type UploadedFile } from './telegram-request-body.js';
import { BotApiError, badRequest, type CallbackAnswer, type FakeUser, type InlineButton, type Message, type SentMessage } from './telegram-types.js';
import type { UpdateInbox } from './telegram-update-inbox.js';
import { compact, privateChat } from './telegram-updates.js';

export interface BotInfo {
  id: number;
  is_bot: true;
  first_name: string;
  username: string;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
}

/** What the methods read and change; owned by FakeTelegramBotApi. */
export interface BotState {
  botInfo: BotInfo;
  nowMs(): number;
  messages: MessageStore;
  files: FileStore;
  inbox: UpdateInbox;
  users: Map<number, FakeUser>;
  /** Commands per `${JSON scope}|${language_code}`. */
  commands: Map<string, unknown[]>;
  /** Callback query ids users created and whether the bot answered. */
  openCallbackQueries: Set<string>;
  callbackAnswers: CallbackAnswer[];
  onMessageSent(): void;
}

type Params = Record<string, unknown>;
export type MethodHandler = (params: Params, files: UploadedFile[], signal: AbortSignal) => unknown;

const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** chat_id as Telegram reads it; "@username" chats do not exist in the fake. */
export function chatIdParam(params: Params): number {
  const value = params.chat_id;
  if (value === undefined || value === null || value === '') throw badRequest('chat_id is empty');
  const id = typeof value === 'number' ? value : /^-?\d+$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw badRequest('chat not found');
  return id;
}

export function commandsKey(scope: unknown, languageCode: unknown): string {
  return `${JSON.stringify(scope ?? { type: 'default' })}|${typeof languageCode === 'string' ? languageCode : ''}`;
}

export function botMethods(s: BotState): Record<string, MethodHandler> {
  const botUser = { id: s.botInfo.id, is_bot: true, first_name: s.botInfo.first_name, username: s.botInfo.username };
  const nowSeconds = () => Math.floor(s.nowMs() / 1000);

  function chatObject(chatId: number) {
    const user = s.users.get(chatId);
    if (user) return privateChat(user);
    return chatId < 0 ? { id: chatId, type: 'group', title: `Group ${chatId}` } : { id: chatId, type: 'private', first_name: `User ${chatId}` };
  }

  function inlineMarkup(buttons: InlineButton[][]) {
    return buttons.length > 0 ? { inline_keyboard: buttons } : undefined;
  }

  /** Creates a bot message after all validation passed (so failures use no message id). */
  function deliver(params: Params, chatId: number, kind: SentMessage['kind'], text: string, buttons: InlineButton[][], content: Params, file?: StoredFile): Message {
    const messageId = s.messages.nextMessageId(chatId);
    const message = compact({
      message_id: messageId,
      from: botUser,
      chat: chatObject(chatId),
      date: nowSeconds(),
      ...content,
      reply_markup: inlineMarkup(buttons),
    }) as unknown as Message;
    const sentFile = file && { fileId: file.fileId, fileName: file.fileName, mimeType: file.mimeType, size: file.size };
    s.messages.addSent({
      chatId,
      messageId,
      kind,
      text,
      parseMode: typeof params.parse_mode === 'string' ? params.parse_mode : undefined,
      replyMarkup: params.reply_markup as Record<string, unknown> | undefined,
      buttons,
      document: kind === 'document' ? sentFile : undefined,
      photo: kind === 'photo' ? sentFile : undefined,
      at: new Date(s.nowMs()),
      deleted: false,
      message,
    });
    s.onMessageSent();
    return message;
  }

  /** A file given as upload, known file_id, or URL (recorded, not fetched). */
  function inputFile(field: 'document' | 'photo', params: Params, files: UploadedFile[]): StoredFile {
    const upload = files.find((f) => f.field === field);
    if (upload) {
      if (upload.bytes.length > 50 * 1024 * 1024) throw new BotApiError(413, 'Request Entity Too Large');
      return s.files.add(field === 'photo' ? 'photos' : 'documents', {
        fileName: upload.fileName,
        mimeType: field === 'photo' ? 'image/jpeg' : upload.mimeType,
        bytes: upload.bytes,
      });
    }
    const value = params[field];
    if (typeof value === 'string' && s.files.get(value)) return s.files.get(value)!;
    if (typeof value === 'string' && /^https?:\/\//.test(value)) {
      const fileName = decodeURIComponent(new URL(value).pathname.split('/').pop() || 'file');
      return s.files.add(field === 'photo' ? 'photos' : 'documents', { fileName, mimeType: guessMimeType(fileName), size: 0 });
    }
    if (value === undefined) throw badRequest(`there is no ${field} in the request`);
    throw badRequest('wrong file identifier/HTTP URL specified');
  }

  function editableMessage(params: Params): SentMessage {
    if (params.inline_message_id !== undefined) throw badRequest('MESSAGE_ID_INVALID');
    const message = s.messages.botMessage(chatIdParam(params), Number(params.message_id));
    if (!message || message.deleted) throw badRequest('message to edit not found');
    return message;
  }

  function applyEdit(target: SentMessage, changes: { text?: string; parseMode?: unknown; markup: unknown; buttons: InlineButton[][] }, content: Params): Message {
    const text = changes.text ?? target.text;
    if (text === target.text && JSON.stringify(changes.buttons) === JSON.stringify(target.buttons)) throw badRequest(NOT_MODIFIED);
    target.text = text;
    if (changes.text !== undefined) target.parseMode = typeof changes.parseMode === 'string' ? changes.parseMode : undefined;
    target.replyMarkup = changes.markup as Record<string, unknown> | undefined;
    target.buttons = changes.buttons;
    target.editedAt = new Date(s.nowMs());
    const { reply_markup: _old, ...rest } = target.message as unknown as Params;
    target.message = compact({ ...rest, ...content, edit_date: nowSeconds(), reply_markup: inlineMarkup(changes.buttons) }) as unknown as Message;
    return target.message;
  }

  return {
    getMe: () => s.botInfo,

    getUpdates: (params, _files, signal) => s.inbox.getUpdates(params, signal),

    setWebhook: (params) => {
      const url = typeof params.url === 'string' ? params.url : '';
      const drop = params.drop_pending_updates === true;
      if (url === '') {
        s.inbox.deleteWebhook(drop);
        return true;
      }
      try {
        if (!['http:', 'https:'].includes(new URL(url).protocol)) throw new Error('scheme');
      } catch {
        throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      }
      const secret = params.secret_token;
      if (secret !== undefined && (typeof secret !== 'string' || !SECRET_TOKEN.test(secret))) {
        throw badRequest('bad webhook: secret token contains unallowed characters');
      }
      s.inbox.setWebhook(
        {
          url,
          secretToken: secret as string | undefined,
          maxConnections: typeof params.max_connections === 'number' ? params.max_connections : 40,
          allowedUpdates: Array.isArray(params.allowed_updates) ? (params.allowed_updates as string[]) : undefined,
        },
        drop,
      );
      return true;
    },

    deleteWebhook: (params) => {
      s.inbox.deleteWebhook(params.drop_pending_updates === true);
      return true;
    },

    getWebhookInfo: () => {
      const webhook = s.inbox.webhook;
      return compact({
        url: webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: s.inbox.pendingCount,
        last_error_date: s.inbox.lastError?.date,
        last_error_message: s.inbox.lastError?.message,
        max_connections: webhook?.maxConnections,
        allowed_updates: webhook?.allowedUpdates,
      });
    },

    setMyCommands: (params) => {
      const commands = params.commands;
      if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
      if (commands.length > 100) throw badRequest('too many commands');
      for (const c of commands as { command?: unknown; description?: unknown }[]) {
        if (typeof c?.command !== 'string' || !COMMAND_NAME.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
        if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
          throw badRequest('command description must be non-empty');
        }
      }
      s.commands.set(commandsKey(params.scope, params.language_code), commands.map((c) => ({ ...c })));
      return true;
    },

    getMyCommands: (params) => s.commands.get(commandsKey(params.scope, params.language_code)) ?? [],

    deleteMyCommands: (params) => {
      s.commands.delete(commandsKey(params.scope, params.language_code));
      return true;
    },

    sendMessage: (params) => {
      const chatId = chatIdParam(params);
      const text = checkMessageText(params.text, params.parse_mode);
      const buttons = checkReplyMarkup(params.reply_markup);
      return deliver(params, chatId, 'text', text, buttons, { text });
    },

    sendDocument: (params, files) => {
      const chatId = chatIdParam(params);
      const caption = checkCaption(params.caption, params.parse_mode);
      const buttons = checkReplyMarkup(params.reply_markup);
      const file = inputFile('document', params, files);
      const document = compact({
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_name: file.fileName,
        mime_type: file.mimeType,
        file_size: file.size,
      });
      return deliver(params, chatId, 'document', caption, buttons, { document, caption: caption || undefined }, file);
    },

    sendPhoto: (params, files) => {
      const chatId = chatIdParam(params);
      const caption = checkCaption(params.caption, params.parse_mode);
      const buttons = checkReplyMarkup(params.reply_markup);
      const file = inputFile('photo', params, files);
      const photo = [{ file_id: file.fileId, file_unique_id: file.fileUniqueId, width: 1280, height: 960, file_size: file.size }];
      return deliver(params, chatId, 'photo', caption, buttons, { photo, caption: caption || undefined }, file);
    },

    editMessageText: (params) => {
      const target = editableMessage(params);
      if (target.kind !== 'text') throw badRequest('there is no text in the message to edit');
      const text = checkMessageText(params.text, params.parse_mode);
      // Like Telegram: an edit without reply_markup removes the inline keyboard.
      const buttons = checkReplyMarkup(params.reply_markup);
      return applyEdit(target, { text, parseMode: params.parse_mode, markup: params.reply_markup, buttons }, { text });
    },

    editMessageCaption: (params) => {
      const target = editableMessage(params);
      if (target.kind === 'text') throw badRequest('there is no caption in the message to edit');
      const caption = checkCaption(params.caption, params.parse_mode);
      const buttons = checkReplyMarkup(params.reply_markup);
      return applyEdit(target, { text: caption, parseMode: params.parse_mode, markup: params.reply_markup, buttons }, { caption: caption || undefined });
    },

    editMessageReplyMarkup: (params) => {
      const target = editableMessage(params);
      const buttons = checkReplyMarkup(params.reply_markup);
      return applyEdit(target, { markup: params.reply_markup, buttons }, {});
    },

    deleteMessage: (params) => {
      if (!s.messages.delete(chatIdParam(params), Number(params.message_id))) throw badRequest('message to delete not found');
      return true;
    },

    answerCallbackQuery: (params) => {
      const queryId = String(params.callback_query_id ?? '');
      if (!s.openCallbackQueries.delete(queryId)) {
        throw badRequest('query is too old and response timeout expired or query ID is invalid');
      }
      s.callbackAnswers.push(
        compact({
          queryId,
          text: params.text,
          showAlert: params.show_alert === true ? true : undefined,
          url: params.url,
        }) as unknown as CallbackAnswer,
      );
      return true;
    },

    sendChatAction: (params) => {
      chatIdParam(params);
      if (typeof params.action !== 'string' || !CHAT_ACTIONS.has(params.action)) throw badRequest('wrong parameter action in request');
      return true;
    },

    getFile: (params) => s.files.getFile(params.file_id),
  };
}
