import type { Clock } from '../lib/clock.js';

/** A token bucket on the injected clock: `rate` per second, up to `burst` at once. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly clock: Clock,
    readonly rate: number,
    readonly burst: number,
  ) {
    this.tokens = burst;
    this.last = clock.now().getTime();
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
    }
  }

  available(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** ms until one token is available. */
  msUntilNext(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }
}

export type ChannelLimits = {
  /** Overall messages per second for the bot. */
  perSecond: number;
  /** Per chat: about one per second, with a small burst for a reply of a few messages. */
  perChatPerSecond: number;
  perChatBurst: number;
};

/** Overall and per-chat limits of one channel; idle chat buckets are forgotten. */
export class ChannelLimiter {
  private readonly global: TokenBucket;
  private readonly chats = new Map<string, TokenBucket>();
  private pausedUntil = 0;

  constructor(
    private readonly clock: Clock,
    readonly limits: ChannelLimits,
  ) {
    // A small global burst keeps the rate smooth: the platform counts any sliding second, and
    // burst + rate must stay under its limit with room for network jitter (25/s + 3 < 30).
    this.global = new TokenBucket(clock, limits.perSecond, Math.max(1, Math.ceil(limits.perSecond / 10)));
  }

  /** The platform said "retry after": stop the whole channel until then. */
  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
  }

  isPaused(): boolean {
    return this.clock.now().getTime() < this.pausedUntil;
  }

  /** Epoch ms the pause ends (in the past when not paused). */
  pausedUntilMs(): number {
    return this.pausedUntil;
  }

  globalAvailable(): number {
    return this.isPaused() ? 0 : this.global.available();
  }

  /** Takes one global and one per-chat token, or neither. */
  tryTake(chatId: string): boolean {
    if (this.isPaused()) return false;
    let chat = this.chats.get(chatId);
    if (!chat) {
      if (this.chats.size > 50_000) this.chats.clear();
      chat = new TokenBucket(this.clock, this.limits.perChatPerSecond, this.limits.perChatBurst);
      this.chats.set(chatId, chat);
    }
    if (chat.available() < 1 || this.global.available() < 1) return false;
    chat.tryTake();
    this.global.tryTake();
    return true;
  }

  msUntilNext(): number {
    const paused = this.pausedUntil - this.clock.now().getTime();
    return Math.max(paused, this.global.msUntilNext(), 0);
  }
}
