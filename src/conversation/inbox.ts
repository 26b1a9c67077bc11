import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { InboundStore, type StoredInbound } from './inbound-store.js';
import type { Channel, InboundEvent } from '../core/messages.js';

/** Handles one stored update; must mark it done in the same transaction as its effects. */
export type InboundHandler = (item: StoredInbound) => Promise<void>;
/** Called when an update failed every attempt: tell the person calmly, mark it failed. */
export type InboundGiveUp = (item: StoredInbound, error: unknown) => void;

const MAX_ATTEMPTS = 3;

/**
 * Store first, then process each chat's updates strictly in order, one at a time.
 * Different chats run concurrently. A crash leaves rows 'received'; recover() picks them up.
 */
export class Inbox {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    readonly store: InboundStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly handle: InboundHandler,
    private readonly giveUp: InboundGiveUp,
  ) {}

  /** Returns once the update is durable; processing continues in the background. */
  accept(event: InboundEvent): { duplicate: boolean } {
    const fresh = this.store.accept(event, this.clock.now());
    if (fresh) this.schedule(event.channel, event.chatId);
    return { duplicate: !fresh };
  }

  /** At start: finish whatever a crash left unprocessed. */
  recover(): number {
    const chats = this.store.chatsWithPending();
    for (const c of chats) this.schedule(c.channel, c.chatId);
    return chats.length;
  }

  /** Resolves when every chat's queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  private schedule(channel: Channel, chatId: string): void {
    const key = `${channel}:${chatId}`;
    if (this.chains.has(key)) {
      // The running drain re-reads pending rows before it stops, so nothing is missed.
      this.dirty.add(key);
      return;
    }
    const run = this.drain(channel, chatId, key).finally(() => {
      this.chains.delete(key);
      // An update accepted after the drain's last look but before this callback: go again.
      if (this.dirty.delete(key)) this.schedule(channel, chatId);
    });
    this.chains.set(key, run);
  }

  private readonly dirty = new Set<string>();

  private async drain(channel: Channel, chatId: string, key: string): Promise<void> {
    for (;;) {
      this.dirty.delete(key);
      for (const item of this.store.pending(channel, chatId)) await this.processOne(item);
      // processOne leaves each row done or failed, so only updates that arrived meanwhile
      // (marked dirty) are left: no second query per update when none did.
      if (!this.dirty.has(key)) return;
    }
  }

  private async processOne(item: StoredInbound): Promise<void> {
    for (let attempt = item.attempts + 1; ; attempt++) {
      try {
        await this.handle(item);
        return;
      } catch (err) {
        this.log.error({ err, inboundId: item.id, attempt }, 'inbound update failed');
        this.store.recordAttempt(item.id, String((err as Error)?.stack ?? err));
        if (attempt >= MAX_ATTEMPTS) {
          try {
            this.giveUp(item, err);
          } catch (e) {
            this.log.error({ err: e, inboundId: item.id }, 'could not record the failure');
            this.store.markFailed(item.id, this.clock.now(), String(e));
          }
          return;
        }
      }
    }
  }
}
