import type { OutboundMessage } from '../core/messages.js';
import { sha256Hex } from '../lib/ids.js';

/**
 * How many calls of a multi-call message (text parts, then a file) already went through.
 * A retry after a failure midway (often a 429 on part 2) sends only the rest; otherwise
 * part 1 would be repeated, and under strict flood control forever. In memory: after a
 * restart the retry starts over (one duplicate at most).
 */
export class PartProgress {
  private readonly delivered = new Map<string, number>();

  key(chatId: string, message: OutboundMessage): string {
    return `${chatId}:${sha256Hex(JSON.stringify(message))}`;
  }
  done(key: string | undefined): number {
    return key ? (this.delivered.get(key) ?? 0) : 0;
  }
  remember(key: string, calls: number): void {
    // Entries of messages given up on are never deleted: keep the map bounded.
    if (this.delivered.size >= 10_000 && !this.delivered.has(key)) this.delivered.clear();
    this.delivered.set(key, calls);
  }
  finished(key: string | undefined): void {
    if (key) this.delivered.delete(key);
  }
}
