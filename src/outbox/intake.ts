import type { Channel } from '../core/messages.js';
import type { ChannelSchedule, OutboxLane } from './channel-schedule.js';
import type { OutboxStore } from './sender-store.js';

/** Queued replies read per pass; more are read by the passes right after. */
const REPLY_BATCH = 1000;
/**
 * Bulk rows come in when fewer chats than this may send now, this many at a time: ~10 s of
 * sending at Telegram's 25–30/s. A 10,000 broadcast then keeps a few hundred chats in memory,
 * not 10,000 (each a chat state that V8 would move to the old generation within seconds).
 */
const BULK_LOW = 256;
const BULK_BATCH = 512;

/** Where one lane of a channel was read up to, and whether rows may be waiting after it. */
class LaneCursor {
  private after = 0;
  private mayHaveMore = true;

  constructor(
    private readonly channel: Channel,
    private readonly lane: OutboxLane,
    private readonly batch: number,
  ) {}

  restart(): void {
    this.after = 0;
    this.mayHaveMore = true;
  }

  /** Something was written to the outbox since the last look. */
  written(): void {
    this.mayHaveMore = true;
  }

  get pending(): boolean {
    return this.mayHaveMore;
  }

  /** Adds the next queued rows of this lane to the schedule; true when a full batch came (more may follow). */
  read(store: OutboxStore, schedule: ChannelSchedule, now: number): boolean {
    const rows = store.queuedAfter(this.channel, this.lane, this.after, this.batch);
    for (const row of rows) schedule.add(row, now);
    if (rows.length > 0) this.after = rows[rows.length - 1]!.id;
    this.mayHaveMore = rows.length === this.batch;
    return this.mayHaveMore;
  }
}

/**
 * How one channel's queued rows come into its schedule: replies as soon as they are written,
 * bulk rows (broadcasts, reminders) as the schedule runs short of chats that may send. Each row
 * is read once, in id order per lane, from an index of queued rows; a row sent meanwhile (a
 * chat's next message is looked up after each send) is no longer there when its turn comes.
 */
export class ChannelIntake {
  private readonly replies: LaneCursor;
  private readonly bulk: LaneCursor;

  constructor(
    channel: Channel,
    private readonly schedule: ChannelSchedule,
  ) {
    this.replies = new LaneCursor(channel, 'reply', REPLY_BATCH);
    this.bulk = new LaneCursor(channel, 'bulk', BULK_BATCH);
  }

  /** From the start of the queue again (after a rebuild of the schedule). */
  restart(): void {
    this.replies.restart();
    this.bulk.restart();
  }

  written(): void {
    this.replies.written();
    this.bulk.written();
  }

  /** Reads what the schedule needs now; true when more should be read right away. */
  read(store: OutboxStore, now: number): boolean {
    let more = this.replies.pending && this.replies.read(store, this.schedule, now);
    if (this.bulk.pending && this.schedule.readyCount < BULK_LOW) {
      more = (this.bulk.read(store, this.schedule, now) && this.schedule.readyCount < BULK_LOW) || more;
    }
    return more;
  }
}
