import type { Clock } from '../lib/clock.js';

export type FloodLimits = {
  /** Messages one chat may send within the window before the bot pauses for it. */
  perWindow: number;
  windowMs: number;
  /** How long the bot stays silent for that chat after its one "xin chờ". */
  pauseMs: number;
};

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { perWindow: 20, windowMs: 60_000, pauseMs: 120_000 };

type ChatFlow = { hits: number[]; pausedUntil: number };

/**
 * One person sending dozens of messages a minute gets one calm "xin chờ" and then no replies
 * for a while; their messages are still stored. Counted per chat in memory (one process per
 * database), so nobody else slows down and nothing is written for it.
 */
export class FloodGuard {
  private readonly chats = new Map<string, ChatFlow>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS,
  ) {}

  /** 'ok' to answer, 'warn' for the one "xin chờ", 'silent' while paused. */
  check(chatKey: string): 'ok' | 'warn' | 'silent' {
    const now = this.clock.now().getTime();
    let chat = this.chats.get(chatKey);
    if (!chat) {
      if (this.chats.size >= 10_000) this.forgetQuiet(now);
      this.chats.set(chatKey, (chat = { hits: [], pausedUntil: 0 }));
    }
    if (now < chat.pausedUntil) return 'silent';
    chat.hits = chat.hits.filter((t) => t > now - this.limits.windowMs);
    chat.hits.push(now);
    if (chat.hits.length <= this.limits.perWindow) return 'ok';
    chat.pausedUntil = now + this.limits.pauseMs;
    chat.hits = [];
    return 'warn';
  }

  private forgetQuiet(now: number): void {
    for (const [key, chat] of this.chats) {
      const last = chat.hits[chat.hits.length - 1] ?? 0;
      if (now >= chat.pausedUntil && last <= now - this.limits.windowMs) this.chats.delete(key);
    }
  }
}
