import type { Pace } from './pace.js';

/** Chats differ in what a platform allows: a private chat, a group (Telegram: 20 a minute). */
export type ChatKind = 'private' | 'group';

/** What one channel allows: overall (the bot's total) and per chat, by kind of chat. */
export type ChannelLimits = { overall: Pace; chat: Record<ChatKind, Pace> };

/**
 * The bot's total: `perSecond` in any sliding second (the Pacer counts each call until a
 * second after its answer), spread evenly, with a fifth of it allowed back to back so that a
 * late timer or a stalled process catches up instead of losing rate.
 */
export function overallPace(perSecond: number): Pace {
  return { count: perSecond, perMs: 1000, burst: Math.max(1, Math.ceil(perSecond / 5)) };
}

/** About `perSecond` to one chat on average, with up to `burst` at once (a reply of a few messages). */
export function chatPace(perSecond: number, burst: number): Pace {
  return { count: burst, perMs: (1000 * burst) / perSecond, burst };
}
