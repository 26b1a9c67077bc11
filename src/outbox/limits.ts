import type { Pace } from './pace.js';

/** Chats differ in what a platform allows: a private chat, a group (Telegram: 20 a minute). */
export type ChatKind = 'private' | 'group';

/** What one channel allows: overall (the bot's total) and per chat, by kind of chat. */
export type ChannelLimits = { overall: Pace; chat: Record<ChatKind, Pace> };

/**
 * The bot's total rate, spread evenly: `perSecond` in any sliding second, at most a small
 * burst back to back (timer lateness is caught up without crowding one second).
 */
export function overallPace(perSecond: number): Pace {
  return { count: perSecond, perMs: 1000, burst: Math.max(1, Math.ceil(perSecond / 20)) };
}

/** About `perSecond` to one chat on average, with up to `burst` at once (a reply of a few messages). */
export function chatPace(perSecond: number, burst: number): Pace {
  return { count: burst, perMs: (1000 * burst) / perSecond, burst };
}
