/** Telegram-like flood control: sliding windows over the last second (or minute), O(1) per message. */
import type { RateLimitOptions } from './telegram-types.js';

/**
 * The times of the last `capacity` accepted messages in a ring. A new message fits when
 * fewer than `capacity` fall inside the window, i.e. the oldest kept one has left it.
 */
class SlidingWindow {
  private readonly times: number[] = [];
  private next = 0;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until a slot frees up, or 0 when one is free now. */
  waitMs(now: number): number {
    if (this.times.length < this.capacity) return 0;
    const oldest = this.times[this.next]!;
    return Math.max(0, oldest + this.windowMs - now);
  }

  record(now: number): void {
    if (this.times.length < this.capacity) this.times.push(now);
    else this.times[this.next] = now;
    this.next = (this.next + 1) % this.capacity;
  }
}

export class RateLimiter {
  private readonly global: SlidingWindow;
  private readonly paidGlobal: SlidingWindow;
  private readonly perChat = new Map<number, SlidingWindow>();
  private readonly perGroup = new Map<number, SlidingWindow>();
  private readonly chatCapacity: number;
  private readonly groupCapacity: number;

  constructor(limits: RateLimitOptions) {
    this.global = new SlidingWindow(limits.globalPerSecond ?? 30, 1000);
    this.paidGlobal = new SlidingWindow(limits.paidGlobalPerSecond ?? 1000, 1000);
    this.chatCapacity = (limits.perChatPerSecond ?? 1) + (limits.perChatBurst ?? 0);
    this.groupCapacity = limits.perGroupPerMinute ?? 20;
  }

  /**
   * Accepts one message to `chatId` at `now`, or returns the seconds to wait (Telegram's
   * retry_after, at least 1). A refused message takes no slot.
   */
  tryAcquire(chatId: number, now: number, paid: boolean): { ok: true } | { ok: false; retryAfter: number } {
    const global = paid ? this.paidGlobal : this.global;
    const chat = this.windowFor(this.perChat, chatId, this.chatCapacity, 1000);
    const group = chatId < 0 ? this.windowFor(this.perGroup, chatId, this.groupCapacity, 60_000) : undefined;
    const waitMs = Math.max(global.waitMs(now), chat.waitMs(now), group?.waitMs(now) ?? 0);
    if (waitMs > 0) return { ok: false, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
    global.record(now);
    chat.record(now);
    group?.record(now);
    return { ok: true };
  }

  private windowFor(map: Map<number, SlidingWindow>, chatId: number, capacity: number, windowMs: number) {
    let window = map.get(chatId);
    if (!window) {
      window = new SlidingWindow(capacity, windowMs);
      map.set(chatId, window);
    }
    return window;
  }
}
