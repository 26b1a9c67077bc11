import { activityCursor, activitySince, type ActivityCursor, type ActivityItem } from '../../domain/activity.js';
import type { Ctx } from '../../domain/context.js';

/** A stream's two ends: news to write, and the feed closing (service stop). */
export type Listener = { items: (items: ActivityItem[]) => void; close: () => void };

/**
 * One poller for every open dashboard tab: while anyone listens it asks the database once a
 * second for what arrived (the bot writes submissions and acknowledgements from its own turn,
 * possibly in another process), and hands the news to each listener's server-sent stream.
 */
export class ActivityFeed {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private cursor: ActivityCursor | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly everyMs = 1000,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.cursor = activityCursor(this.ctx);
      this.timer = setInterval(() => this.poll(), this.everyMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Also what tests call to see news at once instead of waiting for the timer. */
  poll(): void {
    if (!this.cursor) return;
    try {
      const { items, cursor } = activitySince(this.ctx, this.cursor);
      this.cursor = cursor;
      if (items.length) for (const listener of this.listeners) listener.items(items);
    } catch (err) {
      this.ctx.log.warn({ err }, 'activity feed poll failed');
    }
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Ends every open stream (the service is stopping). */
  close(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    this.stop();
    for (const listener of listeners) listener.close();
  }
}
