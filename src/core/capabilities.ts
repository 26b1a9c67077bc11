import type { Channel } from './messages.js';

/**
 * What a channel can show and receive (platforms.md §4). The one table rendering reads:
 * choices become buttons or numbered lines, text is split at the limit, documents are asked
 * for in the chat or through the personal upload page.
 */
export type ChannelCapabilities = {
  /** Inline buttons that send data back (Telegram). Without them, choices are numbered lines. */
  buttons: boolean;
  /** A link can sit on a button (Telegram, https only). Without it, the URL is written out. */
  linkButtons: boolean;
  /** The bot can download documents a person sends (Zalo Bot cannot: they arrive as "unsupported"). */
  documentsIn: boolean;
  /** The bot can send a stored file as a document. */
  documentsOut: boolean;
  /** Longest text of one message, in UTF-16 code units as the platforms count them. */
  textLimit: number;
  /** How a 'basic' message's **bold** and _italic_ are shown: Telegram HTML, or plain text. */
  formatting: 'html' | 'plain';
  /** A menu of /commands the person can see (Telegram's setMyCommands). */
  commandMenu: boolean;
};

export const CAPABILITIES: Record<Channel, ChannelCapabilities> = {
  telegram: { buttons: true, linkButtons: true, documentsIn: true, documentsOut: true, textLimit: 4096, formatting: 'html', commandMenu: true },
  zalo: { buttons: false, linkButtons: false, documentsIn: false, documentsOut: false, textLimit: 2000, formatting: 'plain', commandMenu: false },
  zalo_oa: { buttons: false, linkButtons: false, documentsIn: true, documentsOut: true, textLimit: 2000, formatting: 'plain', commandMenu: false },
  // The simulator shows buttons and takes files, as Telegram does.
  web: { buttons: true, linkButtons: true, documentsIn: true, documentsOut: false, textLimit: 4096, formatting: 'plain', commandMenu: false },
};
