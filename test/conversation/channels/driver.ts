import type { Channel } from '../../../src/core/messages.js';

/** A person on a channel, as the suite knows them: the chat id the bot answers to. */
export type ChatUser = { id: string; name: string };

/** One message as the person reads it: its text, the choices they can pick, a link they can open. */
export type Received = { text: string; choices: string[]; link?: string };

/**
 * How the parameterised conversation suite drives one channel: a fake platform on loopback,
 * the real client in the service, and the person's side. One driver file per channel plus
 * one line in drivers.ts.
 */
export interface ChannelDriver {
  readonly channel: Channel;
  /** Documents can be sent in the chat (else: a link or the personal upload page). */
  readonly documentsIn: boolean;
  /** Starts the fake platform; returns the environment that turns the channel on in the service. */
  start(ctx: { webhookBase: string }): Promise<Record<string, string>>;
  newUser(name: string): ChatUser;
  sendText(user: ChatUser, text: string): Promise<void>;
  /** How a person redeems an invite: Telegram's deep link (/start <code>), on Zalo the code itself. */
  sendInviteCode(user: ChatUser, code: string): Promise<void>;
  /** Only where documentsIn. */
  sendDocument?(user: ChatUser, file: { name: string; bytes: Buffer; mimeType: string }): Promise<void>;
  /** Picks the choice labelled `label` on the last message offering it, as a person there does (press, or type its number). */
  choose(user: ChatUser, label: string | RegExp): Promise<void>;
  /** Everything the person received so far. */
  received(user: ChatUser): Received[];
  /** The first message from index `after` on whose text matches (waits for it). */
  waitFor(user: ChatUser, pattern: string | RegExp, after?: number): Promise<Received>;
  close(): Promise<void>;
}

export const matches = (pattern: string | RegExp, text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
