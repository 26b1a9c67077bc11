import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/client.js';
import type { Channel, OutboundMessage } from '../conversation/messages.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { backoffMs } from './backoff.js';
import { ChannelError, type ChannelSender } from './channel-sender.js';
import { ChannelLimiter, type ChannelLimits } from './rate-limiter.js';

export type SenderOptions = {
  db: Db;
  clock: Clock;
  log: Logger;
  channels: ChannelSender[];
  limits: Partial<Record<Channel, ChannelLimits>>;
  /** After this many failed attempts a message is given up ('retry_limit'). */
  maxAttempts?: number;
  /** A contact turned out unreachable (403, chat not found). */
  onBlocked?: (contactId: number) => void;
  /** Sends under way at once; a slow platform call never holds up the others. */
  maxInFlight?: number;
  /** A call that takes longer counts as a network failure and is retried. */
  sendTimeoutMs?: number;
  /** Real waiting between ticks; tests call tick() instead. */
  wait?: (ms: number) => Promise<void>;
};

type ClaimedRow = {
  id: number;
  channel: Channel;
  chat_id: string;
  contact_id: number | null;
  payload: string;
  attempts: number;
  next_attempt_at: number;
  contact_status: string | null;
};

/** Rows looked at per lane and tick when many belong to chats at their own limit. */
const MAX_ROWS_SCANNED = 2000;

export type TickResult = { sent: number; retried: number; failed: number };

const DEFAULT_LIMITS: ChannelLimits = { perSecond: 25, perChatPerSecond: 1, perChatBurst: 3 };

/**
 * Delivers the outbox under each channel's limits: replies before bulk, retries with backoff,
 * waits retry_after on 429, stops at "blocked", and resumes after a crash.
 */
export class Sender {
  private readonly channels = new Map<Channel, ChannelSender>();
  private readonly limiters = new Map<Channel, ChannelLimiter>();
  private readonly maxAttempts: number;
  private readonly maxInFlight: number;
  private readonly sendTimeoutMs: number;
  private readonly stmts: Record<
    'ready' | 'claim' | 'status' | 'sent' | 'retry' | 'fail' | 'failChat' | 'recover' | 'nextDue',
    Statement
  >;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Last send started per chat: the next one to that chat waits for it. */
  private readonly chatTails = new Map<string, Promise<void>>();

  constructor(private readonly opts: SenderOptions) {
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.maxInFlight = opts.maxInFlight ?? 64;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 30_000;
    for (const ch of opts.channels) {
      this.channels.set(ch.channel, ch);
      this.limiters.set(ch.channel, new ChannelLimiter(opts.clock, opts.limits[ch.channel] ?? DEFAULT_LIMITS));
    }
    const sqlite = opts.db.$client;
    this.stmts = {
      // Keyset pages (after the cursor next_attempt_at, id): claimed rows leave the set between pages.
      ready: sqlite.prepare(
        `SELECT o.id, o.channel, o.chat_id, o.contact_id, o.payload, o.attempts, o.next_attempt_at,
                c.status AS contact_status
           FROM outbox o LEFT JOIN contacts c ON c.id = o.contact_id
          WHERE o.status = 'queued' AND o.lane = ? AND o.channel = ? AND o.next_attempt_at <= ?
            AND (o.next_attempt_at > ? OR (o.next_attempt_at = ? AND o.id > ?))
          ORDER BY o.next_attempt_at, o.id LIMIT ?`,
      ),
      claim: sqlite.prepare(
        `UPDATE outbox SET status = 'sending', claimed_at = ?, attempts = attempts + 1 WHERE id = ? AND status = 'queued'`,
      ),
      status: sqlite.prepare(`SELECT status FROM outbox WHERE id = ?`),
      sent: sqlite.prepare(
        `UPDATE outbox SET status = 'sent', sent_at = ?, platform_message_id = ?, last_error = NULL WHERE id = ?`,
      ),
      retry: sqlite.prepare(
        // A message of a broadcast cancelled meanwhile is dropped instead of queued again.
        `UPDATE outbox SET status = CASE WHEN broadcast_id IS NOT NULL AND
                  (SELECT status FROM broadcasts WHERE id = broadcast_id) = 'cancelled' THEN 'cancelled' ELSE 'queued' END,
                next_attempt_at = ?, attempts = attempts - ?, last_error = ? WHERE id = ?`,
      ),
      fail: sqlite.prepare(`UPDATE outbox SET status = 'failed', failure_reason = ?, last_error = ? WHERE id = ?`),
      // 'sending' too: rows claimed for this chat only wait behind the failed one (chatTails).
      failChat: sqlite.prepare(
        `UPDATE outbox SET status = 'failed', failure_reason = 'blocked', last_error = ?
          WHERE channel = ? AND chat_id = ? AND status IN ('queued', 'sending')`,
      ),
      recover: sqlite.prepare(`UPDATE outbox SET status = 'queued' WHERE status = 'sending'`),
      nextDue: sqlite.prepare(`SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'queued'`),
    };
  }

  /** After a crash, what was being sent goes back to the queue (at most one duplicate each). */
  recoverInFlight(): number {
    return this.stmts.recover.run().changes;
  }

  /** Claims what may be sent now and sends it; resolves when those sends have finished. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { sent: 0, retried: 0, failed: 0 };
    await Promise.all(this.claimAndSend(result));
    return result;
  }

  /** Starts the sends that limits allow now; returns their promises without waiting. */
  private claimAndSend(result: TickResult): Promise<void>[] {
    const now = this.opts.clock.now().getTime();
    const work: Promise<void>[] = [];
    const room = this.maxInFlight - this.inFlight.size;
    if (room <= 0) return work;
    for (const [channel, limiter] of this.limiters) {
      let budget = Math.min(room - work.length, limiter.globalAvailable());
      if (budget <= 0) continue;
      for (const lane of ['reply', 'bulk'] as const) {
        budget -= this.claimLane(lane, channel, limiter, now, budget, work, result);
        if (budget <= 0) break;
      }
    }
    return work;
  }

  /**
   * Claims up to `budget` ready rows of one lane, oldest first. A chat at its own limit is
   * passed over for this tick (all its rows, so its order holds) and the scan goes on, so a
   * few chats with many messages never hold up everyone else. Returns how many it claimed.
   */
  private claimLane(
    lane: 'reply' | 'bulk',
    channel: Channel,
    limiter: ChannelLimiter,
    now: number,
    budget: number,
    work: Promise<void>[],
    result: TickResult,
  ): number {
    const pageSize = Math.max(50, budget * 4);
    const chatsAtLimit = new Set<string>();
    let claimed = 0;
    let scanned = 0;
    let cursor = { at: -1, id: -1 };
    while (claimed < budget && scanned < MAX_ROWS_SCANNED) {
      const rows = this.stmts.ready.all(lane, channel, now, cursor.at, cursor.at, cursor.id, pageSize) as ClaimedRow[];
      for (const row of rows) {
        if (claimed >= budget) break;
        cursor = { at: row.next_attempt_at, id: row.id };
        if (chatsAtLimit.has(row.chat_id)) continue;
        // A revoked contact gets no more reminders or broadcasts, but is still answered
        // when they write: staying silent would look like a broken bot.
        if (row.contact_status === 'blocked' || (row.contact_status === 'revoked' && lane === 'bulk')) {
          this.stmts.fail.run('blocked', `contact ${row.contact_status}`, row.id);
          result.failed++;
          continue;
        }
        // The budget covers the global bucket, so a refusal here is the chat's own limit.
        if (!limiter.tryTake(row.chat_id)) {
          chatsAtLimit.add(row.chat_id);
          continue;
        }
        if (this.stmts.claim.run(now, row.id).changes === 0) continue;
        claimed++;
        work.push(this.sendInChatOrder(row, result));
      }
      scanned += rows.length;
      if (rows.length < pageSize) break;
    }
    return claimed;
  }

  /**
   * Sends to one chat run one after another, never side by side: the messages of a reply
   * arrive in the order they were queued, and after a 403 or a 429 the ones behind it
   * do not reach the platform.
   */
  private sendInChatOrder(row: ClaimedRow, result: TickResult): Promise<void> {
    const key = `${row.channel}:${row.chat_id}`;
    const previous = this.chatTails.get(key);
    const task = previous ? previous.then(() => this.deliver(row, result, true)) : this.deliver(row, result, false);
    this.chatTails.set(key, task);
    this.inFlight.add(task);
    const done = () => {
      this.inFlight.delete(task);
      if (this.chatTails.get(key) === task) this.chatTails.delete(key);
    };
    void task.then(done, done);
    return task;
  }

  private async deliver(row: ClaimedRow, result: TickResult, waited: boolean): Promise<void> {
    try {
      if (waited && !this.stillDeliverable(row, result)) return;
      const channel = this.channels.get(row.channel)!;
      const message = JSON.parse(row.payload) as OutboundMessage;
      const { messageId } = await withTimeout(channel.send(row.chat_id, message), this.sendTimeoutMs);
      this.stmts.sent.run(this.opts.clock.now().getTime(), messageId ?? null, row.id);
      result.sent++;
    } catch (err) {
      try {
        this.handleFailure(row, row.attempts + 1, err, result);
      } catch (bookkeeping) {
        // The row stays 'sending' and is requeued by recoverInFlight() at the next start.
        this.opts.log.error({ err: bookkeeping, outboxId: row.id }, 'could not record a send failure');
      }
    }
  }

  /** A row that waited behind another send to its chat: is it still to be sent now? */
  private stillDeliverable(row: ClaimedRow, result: TickResult): boolean {
    const current = this.stmts.status.get(row.id) as { status: string } | undefined;
    if (current?.status !== 'sending') return false;
    const limiter = this.limiters.get(row.channel)!;
    if (limiter.isPaused()) {
      // The platform asked us to wait while this one was queued behind: wait with it, no attempt used.
      this.stmts.retry.run(limiter.pausedUntilMs(), 1, 'channel paused (retry_after)', row.id);
      result.retried++;
      return false;
    }
    return true;
  }

  private handleFailure(row: ClaimedRow, attempts: number, err: unknown, result: TickResult): void {
    const now = this.opts.clock.now().getTime();
    const e = err instanceof ChannelError ? err : new ChannelError('network', String((err as Error)?.message ?? err));
    const limiter = this.limiters.get(row.channel)!;
    if (e.kind === 'platform' && e.code === 429) {
      const waitMs = Math.max(1, e.retryAfter ?? 5) * 1000;
      limiter.pauseUntil(now + waitMs);
      // Waiting on the platform's word is not a failed attempt.
      this.stmts.retry.run(now + waitMs, 1, e.message, row.id);
      result.retried++;
      return;
    }
    if (e.blocked) {
      this.stmts.fail.run('blocked', e.message, row.id);
      result.failed += 1 + this.stmts.failChat.run('chat unreachable', row.channel, row.chat_id).changes;
      if (row.contact_id !== null) this.opts.onBlocked?.(row.contact_id);
      return;
    }
    if (e.kind === 'platform' && e.code === 401) {
      this.opts.log.error({ channel: row.channel }, 'channel token refused (401): check the bot token');
      limiter.pauseUntil(now + 60_000);
      this.stmts.retry.run(now + 60_000, 1, e.message, row.id);
      result.retried++;
      return;
    }
    const permanent = e.kind === 'platform' && e.code !== undefined && e.code >= 400 && e.code < 500 && e.code !== 408;
    if (permanent) {
      this.stmts.fail.run('invalid', e.message, row.id);
      this.opts.log.warn({ outboxId: row.id, code: e.code, err: e.message }, 'message refused by the platform');
      result.failed++;
      return;
    }
    if (attempts >= this.maxAttempts) {
      this.stmts.fail.run('retry_limit', e.message, row.id);
      result.failed++;
      return;
    }
    this.stmts.retry.run(now + backoffMs(attempts), 0, e.message, row.id);
    result.retried++;
  }

  /** Background loop: tick while there is work, sleep until the next due row or a wake(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.recoverInFlight();
    const wait =
      this.opts.wait ??
      ((ms: number) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        }));
    this.loop = (async () => {
      const result: TickResult = { sent: 0, retried: 0, failed: 0 };
      while (this.running) {
        let started = 0;
        try {
          const work = this.claimAndSend(result);
          started = work.length;
          // A finished send frees room and may unblock the next row: wake on it.
          for (const w of work) void w.then(() => this.wake());
        } catch (err) {
          this.opts.log.error({ err }, 'sender tick failed');
        }
        if (!this.running) break;
        await wait(started > 0 ? 0 : this.idleDelay());
      }
    })();
  }

  private idleDelay(): number {
    const now = this.opts.clock.now().getTime();
    const row = this.stmts.nextDue.get() as { at: number | null };
    let delay = row.at === null ? 1000 : Math.max(5, row.at - now);
    for (const limiter of this.limiters.values()) delay = Math.min(delay, Math.max(5, limiter.msUntilNext() || 1000));
    return Math.min(delay, 1000);
  }

  /** Something was enqueued: do not wait for the idle timer. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.all([...this.inFlight]);
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
