import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { InboundStore, type StoredInbound } from './inbound-store.js';
import type { Channel, InboundEvent } from '../core/messages.js';

/** What the inbox hands stored updates to (the engine). Each marks its update done in the transaction of its effects. */
export type InboundHandler = {
  /**
   * Handles the update at once, inside the caller's transaction, and says true; false (having
   * done nothing) when it needs I/O first, such as downloading a file: then `handle` runs it.
   */
  handleNow(item: StoredInbound): boolean;
  handle(item: StoredInbound): Promise<void>;
  /** Every attempt failed: tell the person calmly, mark it failed. */
  giveUp(item: StoredInbound, error: unknown): void;
};

const MAX_ATTEMPTS = 3;

type Waiting = { event: InboundEvent; resolve: (r: { duplicate: boolean }) => void; reject: (err: unknown) => void };

/**
 * Store first, then process each chat's updates strictly in order, one at a time.
 *
 * Group commit: the updates that arrive in one turn of the event loop (the webhook's 40
 * connections, a polled batch) are stored in one transaction, and the turns of chats with
 * nothing in progress run inside it too, each in its own savepoint. One commit then covers
 * many updates, and each caller hears "durable" only once it is. A chat that is busy (a file
 * being fetched) or whose turn failed goes through its own queue: `drain`, with retries.
 * A crash leaves rows 'received'; recover() picks them up.
 */
export class Inbox {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private waiting: Waiting[] = [];
  private flushed: Promise<void> | undefined;

  constructor(
    readonly store: InboundStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly handler: InboundHandler,
  ) {}

  /** Resolves once the update is durable (or known as a redelivery); processing may continue in the background. */
  accept(event: InboundEvent): Promise<{ duplicate: boolean }> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      // After the I/O callbacks of this loop turn: every request that came in with it joins the batch.
      this.flushed ??= new Promise((done) => setImmediate(() => done(this.flush())));
    });
  }

  /** At start: finish whatever a crash left unprocessed. */
  recover(): number {
    const chats = this.store.chatsWithPending();
    for (const c of chats) this.schedule(c.channel, c.chatId);
    return chats.length;
  }

  /** Resolves when nothing is waiting to be stored and every chat's queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.flushed || this.chains.size > 0) {
      await this.flushed;
      await Promise.all([...this.chains.values()]);
    }
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.flushed = undefined;
    const queued = new Map<string, InboundEvent>();
    let stored: (StoredInbound | undefined)[] = [];
    try {
      this.store.atomically(() => {
        stored = this.store.acceptMany(
          batch.map((w) => w.event),
          this.clock.now(),
        );
        for (const item of inChatOrder(stored)) {
          const key = chatKey(item.event.channel, item.event.chatId);
          if (this.chains.has(key) || queued.has(key) || !this.handleNow(item)) queued.set(key, item.event);
        }
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => w.resolve({ duplicate: stored[i] === undefined }));
    for (const event of queued.values()) this.schedule(event.channel, event.chatId);
  }

  /** The turn inside the batch; a failure is undone by its savepoint and counted as the first attempt. */
  private handleNow(item: StoredInbound): boolean {
    try {
      return this.handler.handleNow(item);
    } catch (err) {
      this.log.error({ err, inboundId: item.id, attempt: 1 }, 'inbound update failed');
      this.store.recordAttempt(item.id, String((err as Error)?.stack ?? err));
      return false;
    }
  }

  private schedule(channel: Channel, chatId: string): void {
    const key = chatKey(channel, chatId);
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
        await this.handler.handle(item);
        return;
      } catch (err) {
        this.log.error({ err, inboundId: item.id, attempt }, 'inbound update failed');
        this.store.recordAttempt(item.id, String((err as Error)?.stack ?? err));
        if (attempt >= MAX_ATTEMPTS) {
          try {
            this.handler.giveUp(item, err);
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

function chatKey(channel: Channel, chatId: string): string {
  return `${channel}:${chatId}`;
}

/**
 * The fresh updates of a batch, each chat's in the order `pending` reads them (Telegram's
 * update ids, which a polled batch may hand over out of order; otherwise arrival).
 */
function inChatOrder(stored: (StoredInbound | undefined)[]): StoredInbound[] {
  const byChat = new Map<string, StoredInbound[]>();
  for (const item of stored) {
    if (!item) continue;
    const key = chatKey(item.event.channel, item.event.chatId);
    const items = byChat.get(key);
    if (items) items.push(item);
    else byChat.set(key, [item]);
  }
  const order = (i: StoredInbound) => (i.event.channel === 'telegram' ? Number(i.event.updateId) : i.id);
  return [...byChat.values()].flatMap((items) => (items.length > 1 ? items.sort((a, b) => order(a) - order(b) || a.id - b.id) : items));
}
