import type { Db } from '../db/client.js';
import type { Channel, OutboundMessage } from '../core/messages.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { ChannelSchedule, type ChatState } from './channel-schedule.js';
import { ChannelError, type ChannelSender } from './channel-sender.js';
import { readFailure, type FailureEffect } from './failures.js';
import { ChannelIntake } from './intake.js';
import type { ChannelLimits } from './limits.js';
import { PayloadCache } from './payloads.js';
import { OutboxStore, type Outcome, type SendRow } from './sender-store.js';

export type SenderOptions = {
  db: Db;
  clock: Clock;
  log: Logger;
  channels: ChannelSender[];
  /** Instead of a channel's own limits (tests). */
  limits?: Partial<Record<Channel, ChannelLimits>>;
  /** After this many failed attempts a message is given up ('retry_limit'). */
  maxAttempts?: number;
  /** A message reached the platform (a buttonless channel remembers the choices it offered). */
  onDelivered?: (channel: Channel, chatId: string, message: OutboundMessage) => void;
  /** A contact turned out unreachable (403, chat not found). */
  onBlocked?: (contactId: number) => void;
  /** Sends under way at once; a slow platform call never holds up the others. */
  maxInFlight?: number;
  /** A call that takes longer counts as a network failure and is retried. */
  sendTimeoutMs?: number;
  /**
   * How long the loop lets work gather after a wake-up (something queued) before one
   * transaction claims it all: many messages per commit under load.
   */
  batchMs?: number;
};

export type TickResult = { sent: number; retried: number; failed: number };
/** rowsRead: every row a query returned; chatsHeld: chats in the schedules now. */
export type SenderStats = TickResult & { rowsRead: number; chatsHeld: number };

/** The loop looks for rows written by another process at least this often. */
const IDLE_LOOK_MS = 1000;

type ChannelEntry = { readonly sender: ChannelSender; readonly schedule: ChannelSchedule; readonly intake: ChannelIntake };
type Send = { channel: ChannelEntry; chat: ChatState; row: SendRow; message: OutboundMessage; calls: number };

/**
 * Delivers the outbox under each channel's limits. Which chat may send next is kept in
 * memory (ChannelSchedule, filled by ChannelIntake), rebuilt from the outbox at start, so
 * the work per message does not grow with the backlog; claims and outcomes are written in
 * batches, one transaction per pass. Replies before bulk, one send at a time per chat (its
 * order holds), retries with backoff, retry_after on 429 for that chat, "blocked" on 403. A
 * crash loses nothing: rows in flight are 'sending' and go back to the queue at the next start.
 */
export class Sender {
  private readonly channels = new Map<Channel, ChannelEntry>();
  private readonly store: OutboxStore;
  private readonly payloads = new PayloadCache();
  private readonly maxAttempts: number;
  private readonly maxInFlight: number;
  private readonly sendTimeoutMs: number;
  private readonly batchMs: number;
  private readonly pass: () => Send[];
  private loaded = false;
  /** The outbox's highest row id at the last pass: when it moves, something was queued. */
  private lastId = 0;
  private more = false;
  private outcomes: Outcome[] = [];
  private readonly totals: TickResult = { sent: 0, retried: 0, failed: 0 };
  /**
   * Sends under way. A count, not a Set of their promises: a Set that empties and fills again
   * at every send replaces its table each time, and those tables lived long enough to pile up
   * in V8's old generation during a long broadcast.
   */
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private running = false;
  private immediate: NodeJS.Immediate | undefined;
  private timeout: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(private readonly opts: SenderOptions) {
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.maxInFlight = opts.maxInFlight ?? 64;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 30_000;
    this.batchMs = opts.batchMs ?? 5;
    this.store = new OutboxStore(opts.db);
    for (const sender of opts.channels) {
      const limits = opts.limits?.[sender.channel] ?? sender.limits;
      const schedule = new ChannelSchedule(limits, (chatId) => sender.chatKind(chatId));
      this.channels.set(sender.channel, { sender, schedule, intake: new ChannelIntake(sender.channel, schedule) });
    }
    this.pass = opts.db.$client.transaction(() => this.passInTransaction());
  }

  /** After a crash, what was being sent goes back to the queue; the schedule is rebuilt from it. */
  recoverInFlight(): number {
    this.loaded = false;
    return this.store.recoverInFlight();
  }

  stats(): SenderStats {
    let chatsHeld = 0;
    for (const { schedule } of this.channels.values()) chatsHeld += schedule.chatCount;
    return { ...this.totals, rowsRead: this.store.rowsRead, chatsHeld };
  }

  /**
   * Sends what may be sent now (by the clock, which does not move here) and waits for it, pass
   * after pass, until nothing more may go now. Tests drive the sender with it.
   */
  async tick(): Promise<TickResult> {
    const before = { ...this.totals };
    for (;;) {
      const started = this.runPass();
      if (started === 0 && !this.more && this.inFlight === 0) break;
      await this.whenIdle();
    }
    return { sent: this.totals.sent - before.sent, retried: this.totals.retried - before.retried, failed: this.totals.failed - before.failed };
  }

  /** Background loop: a pass whenever something changed or the next waiting chat's time comes. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.recoverInFlight();
    this.passIn(0);
  }

  /** Something was queued: take it into account soon (after batchMs, with whatever else comes). */
  wake(): void {
    if (this.running) this.passIn(this.batchMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelPass();
    while (this.inFlight > 0) await this.whenIdle();
    if (this.outcomes.length > 0) this.opts.db.$client.transaction(() => this.flush())();
  }

  /** The next pass in `delayMs` (0: right after the current I/O, with every send that ended in it). */
  private passIn(delayMs: number): void {
    const at = Date.now() + delayMs;
    if ((this.immediate || this.timeout) && this.timerAt <= at) return;
    this.cancelPass();
    this.timerAt = at;
    if (delayMs <= 0) this.immediate = setImmediate(this.scheduledPass);
    else this.timeout = setTimeout(this.scheduledPass, delayMs);
  }

  /** One function for every timer: a pass is scheduled after every send. */
  private readonly scheduledPass = () => {
    this.immediate = this.timeout = undefined;
    this.timerAt = Infinity;
    if (!this.running) return;
    this.runPass();
    this.passIn(this.more ? 0 : this.idleDelay());
  };

  private cancelPass(): void {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timeout) clearTimeout(this.timeout);
    this.immediate = this.timeout = undefined;
  }

  private idleDelay(): number {
    // At maxInFlight, the next finished send brings the next pass.
    if (this.inFlight >= this.maxInFlight) return IDLE_LOOK_MS;
    const now = this.opts.clock.now().getTime();
    let at = now + IDLE_LOOK_MS;
    for (const { schedule } of this.channels.values()) at = Math.min(at, schedule.nextWakeAt(now) ?? at);
    return Math.max(0, at - now);
  }

  /** One pass: writes outcomes, reads new rows, claims what may go now; then starts those sends. */
  private runPass(): number {
    let sends: Send[];
    try {
      sends = this.pass();
    } catch (err) {
      // Rolled back: rebuild the schedule from the outbox rather than trust it.
      this.opts.log.error({ err }, 'sender pass failed');
      this.loaded = false;
      this.more = false;
      return 0;
    }
    for (const send of sends) {
      this.inFlight++;
      this.deliver(send).then(this.sendEnded, this.sendFailed);
    }
    return sends.length;
  }

  private readonly sendEnded = () => {
    if (--this.inFlight > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  };

  private readonly sendFailed = (err: unknown) => {
    this.opts.log.error({ err }, 'a send ended in an unexpected error');
    this.sendEnded();
  };

  /** Resolves once no send is under way. */
  private whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private passInTransaction(): Send[] {
    const now = this.opts.clock.now().getTime();
    this.flush();
    if (!this.loaded) this.restartIntake();
    const lastId = this.store.lastId();
    const written = lastId !== this.lastId;
    this.lastId = lastId;
    this.more = false;
    const sends: Send[] = [];
    for (const entry of this.channels.values()) {
      const { schedule, intake } = entry;
      schedule.promote(now);
      for (const chat of schedule.takeLookups()) schedule.setHead(chat, this.store.head(entry.sender.channel, chat.chatId), now);
      if (written) intake.written();
      if (intake.read(this.store, now)) this.more = true;
      if (!schedule.isPaused(now)) this.claim(entry, now, sends);
    }
    return sends;
  }

  /** The schedules are built again from the outbox, read from its first queued row. */
  private restartIntake(): void {
    for (const { schedule, intake } of this.channels.values()) {
      schedule.reset();
      intake.restart();
    }
    this.loaded = true;
  }

  /** Claims the best ready chats' next messages while the overall pace and maxInFlight allow. */
  private claim(entry: ChannelEntry, now: number, sends: Send[]): void {
    const { schedule, sender } = entry;
    while (this.inFlight + sends.length < this.maxInFlight && schedule.overallWaitMs(now, 1) === 0) {
      const chat = schedule.popReady();
      if (!chat) return;
      const row = this.store.row(chat.headId);
      if (!row) {
        // Cancelled or sent meanwhile: look the chat's next message up.
        chat.pending--;
        schedule.forgetHead(chat, now);
        continue;
      }
      // A revoked contact gets no more reminders or broadcasts, but is still answered when
      // they write: staying silent would look like a broken bot.
      if (row.contactStatus === 'blocked' || (row.contactStatus === 'revoked' && row.lane === 'bulk')) {
        this.store.fail(row.id, 'blocked', `contact ${row.contactStatus}`);
        this.totals.failed++;
        chat.pending--;
        schedule.forgetHead(chat, now);
        continue;
      }
      const message = this.payloads.parse(row.payload);
      // A long text goes as several calls: all of them must fit (a chat allowing fewer gets them anyway, one 429 at most).
      const calls = Math.min(Math.max(1, sender.callsFor(message)), schedule.limits.chat[sender.chatKind(row.chatId)].count);
      const overallWait = schedule.overallWaitMs(now, calls);
      if (overallWait > 0) {
        if (Number.isFinite(overallWait)) {
          // No room yet for all its calls: nobody overtakes meanwhile, or a long message could
          // wait forever behind short ones.
          schedule.waitUntil(chat, now + overallWait);
          schedule.pause(now + overallWait);
        } else {
          schedule.schedule(chat, now); // the window is full of calls in flight: the next answer brings a pass
        }
        return;
      }
      const chatWait = chat.waitMs(now, calls);
      if (chatWait > 0) {
        schedule.waitUntil(chat, now + chatWait);
        continue;
      }
      if (!this.store.claim(row.id, now)) {
        chat.pending--;
        schedule.forgetHead(chat, now);
        continue;
      }
      schedule.started(chat, now, calls);
      chat.busy = true;
      sends.push({ channel: entry, chat, row, message, calls });
    }
  }

  private async deliver(send: Send): Promise<void> {
    const { row, message, channel } = send;
    let outcome: Outcome;
    try {
      const { messageId } = await withTimeout(channel.sender.send(row.chatId, message), this.sendTimeoutMs);
      outcome = { kind: 'sent', id: row.id, at: this.opts.clock.now().getTime(), messageId: messageId ?? null };
      this.delivered(row.channel, row.chatId, message);
    } catch (err) {
      const now = this.opts.clock.now().getTime();
      const failure = readFailure(row, err, now, this.maxAttempts);
      outcome = failure.outcome;
      this.applyEffect(send, failure.effect, now);
    }
    this.complete(send, outcome);
  }

  private delivered(channel: Channel, chatId: string, message: OutboundMessage): void {
    try {
      this.opts.onDelivered?.(channel, chatId, message);
    } catch (err) {
      this.opts.log.error({ err, channel }, 'could not note a delivered message');
    }
  }

  private applyEffect(send: Send, effect: FailureEffect, now: number): void {
    const { schedule } = send.channel;
    if (effect.kind === 'chat_wait') {
      send.chat.pausedUntil = Math.max(send.chat.pausedUntil, effect.until);
      schedule.slowDown(now);
    } else if (effect.kind === 'channel_wait') {
      this.opts.log.error({ channel: send.row.channel }, 'channel token refused (401): check the bot token');
      schedule.pause(effect.until);
    } else if (effect.kind === 'refused') {
      this.opts.log.warn({ outboxId: send.row.id, code: effect.code }, 'message refused by the platform');
    } else if (effect.kind === 'blocked' && send.row.contactId !== null) {
      try {
        this.opts.onBlocked?.(send.row.contactId);
      } catch (err) {
        this.opts.log.error({ err, contactId: send.row.contactId }, 'could not mark a contact blocked');
      }
    }
  }

  /**
   * The send is over: its outcome is written by the next pass, right after this I/O, with the
   * outcomes of every other send that ended meanwhile (one transaction). A message to a group
   * is marked sent at once: people reply to it there, and the reply finds it by its platform id.
   */
  private complete({ channel, chat, calls, row }: Send, outcome: Outcome): void {
    const now = this.opts.clock.now().getTime();
    if (outcome.kind === 'sent' && channel.sender.chatKind(row.chatId) === 'group') this.writeNow(outcome);
    else this.outcomes.push(outcome);
    channel.schedule.ended(chat, now, calls);
    chat.busy = false;
    if (outcome.kind === 'chat_gone') chat.pending = 0;
    else if (outcome.kind !== 'retry') chat.pending = Math.max(0, chat.pending - 1);
    channel.schedule.forgetHead(chat, now);
    if (this.running) this.passIn(0);
  }

  private writeNow(outcome: Outcome): void {
    try {
      this.count(this.store.apply([outcome]));
    } catch (err) {
      this.opts.log.error({ err }, 'could not mark a message sent; the next pass retries');
      this.outcomes.push(outcome);
    }
  }

  private count(counts: TickResult): void {
    this.totals.sent += counts.sent;
    this.totals.retried += counts.retried;
    this.totals.failed += counts.failed;
  }

  private flush(): void {
    if (this.outcomes.length === 0) return;
    const batch = this.outcomes;
    this.outcomes = [];
    try {
      this.count(this.store.apply(batch));
    } catch (err) {
      this.outcomes = batch.concat(this.outcomes);
      throw err;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ChannelError('network', `no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
