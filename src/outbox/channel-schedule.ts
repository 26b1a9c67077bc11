import { MinHeap } from './heap.js';
import type { ChannelLimits, ChatKind } from './limits.js';
import { Pacer, type Pace } from './pace.js';

export type OutboxLane = 'reply' | 'bulk';

/** What the schedule keeps of a queued row: enough to order it, not its payload. */
export type QueuedRow = { id: number; chatId: string; lane: OutboxLane; dueAt: number };
export type Head = Omit<QueuedRow, 'chatId'>;

const LANE_RANK: Record<OutboxLane, number> = { reply: 0, bulk: 1 };

/**
 * A chat's messages go in queue order, replies first: a message waiting for its time (a
 * retry, quiet hours) holds back the ones queued after it in its lane.
 */
function chatOrder(a: Head, b: Head): number {
  return LANE_RANK[a.lane] - LANE_RANK[b.lane] || a.id - b.id;
}

/** Among chats that may send now: replies first, then the longest waiting. */
function readyOrder(a: Head, b: Head): number {
  return LANE_RANK[a.lane] - LANE_RANK[b.lane] || a.dueAt - b.dueAt || a.id - b.id;
}

/** One chat with messages to send, or that sent recently (its pacer still matters). */
export class ChatState {
  /** Rows of this chat known to be queued or in flight (corrected by every head lookup). */
  pending = 0;
  /** Its next message; undefined while unknown (needsLookup) or when nothing is queued. */
  head: Head | undefined;
  needsLookup = false;
  /** One send at a time per chat: its messages arrive in order. */
  busy = false;
  /** retry_after from the platform for this chat. */
  pausedUntil = 0;
  /** Heap entries carry the stamp they were pushed with; a newer stamp makes them stale. */
  stamp = 0;
  /** Made at its first send: most chats of a large broadcast are waiting their turn, with nothing to pace yet. */
  private pacer: Pacer | undefined;

  constructor(
    readonly chatId: string,
    private readonly pace: Pace,
  ) {}

  /** Milliseconds until `calls` more may go to this chat by its own limit. */
  waitMs(now: number, calls = 1): number {
    return this.pacer?.waitMs(now, calls) ?? 0;
  }

  /** When its limit stops mattering: nothing sent within the window, nothing in flight. */
  idleAt(): number {
    return Math.max(this.pacer?.idleAt() ?? 0, this.pausedUntil);
  }

  started(now: number, calls: number): void {
    (this.pacer ??= new Pacer(this.pace)).start(now, calls);
  }

  ended(now: number, calls: number): void {
    this.pacer?.end(now, calls);
  }
}

type Ready = { chat: ChatState; stamp: number; head: Head };
type Timed = { chat: ChatState; stamp: number; at: number };

/** After a 429 the overall rate drops to this share at least, and recovers over RECOVERY_MS. */
const SLOWEST = 0.5;
const SLOWDOWN = 0.8;
const RECOVERY_MS = 60_000;

/**
 * Which chats of one channel may send now, kept in memory: a heap of chats whose next
 * message may go now (best first) and a heap of chats waiting for a time (their message's
 * due time, their own pace, a retry_after). A tick looks only at chats that became ready,
 * never again at rows of chats that must wait, so its work does not grow with the backlog.
 * Rebuilt from the outbox at start; the database stays the truth.
 */
export class ChannelSchedule {
  readonly chats = new Map<string, ChatState>();
  /** Chats whose next message must be read from the outbox (after a send, a retry, a miss). */
  readonly lookups = new Set<ChatState>();
  readonly overall: Pacer;
  private ready = new MinHeap<Ready>((a, b) => readyOrder(a.head, b.head) < 0);
  private timed = new MinHeap<Timed>((a, b) => a.at < b.at);
  private pausedUntil = 0;
  private slow = { factor: 1, at: 0 };

  constructor(
    readonly limits: ChannelLimits,
    private readonly kindOf: (chatId: string) => ChatKind,
  ) {
    this.overall = new Pacer(limits.overall);
  }

  /** Forgets every chat (before a rebuild from the outbox); the overall pace, pause and slowdown stay. */
  reset(): void {
    this.chats.clear();
    this.lookups.clear();
    this.ready = new MinHeap<Ready>((a, b) => readyOrder(a.head, b.head) < 0);
    this.timed = new MinHeap<Timed>((a, b) => a.at < b.at);
  }

  /** A queued row seen for the first time (at start, or newly written). */
  add(row: QueuedRow, now: number): void {
    const chat = this.chat(row.chatId);
    chat.pending++;
    if (chat.busy || chat.needsLookup) return;
    if (!chat.head || chatOrder(row, chat.head) < 0) {
      chat.head = { id: row.id, lane: row.lane, dueAt: row.dueAt };
      this.schedule(chat, now);
    }
  }

  /** Places the chat in the ready heap, the waiting heap, the lookups, or forgets it. */
  schedule(chat: ChatState, now: number): void {
    chat.stamp++;
    // A send that started before a rebuild (reset) ends on a chat this schedule no longer holds.
    if (chat.busy || this.chats.get(chat.chatId) !== chat) return;
    if (chat.needsLookup) {
      this.lookups.add(chat);
      return;
    }
    if (!chat.head) {
      // Not busy, so nothing of this chat is in flight: idleAt is finite.
      const idleAt = chat.idleAt();
      if (idleAt > now) this.timed.push({ chat, stamp: chat.stamp, at: idleAt });
      else this.chats.delete(chat.chatId);
      return;
    }
    const at = Math.max(chat.head.dueAt, chat.pausedUntil, now + chat.waitMs(now));
    if (at <= now) this.ready.push({ chat, stamp: chat.stamp, head: chat.head });
    else this.timed.push({ chat, stamp: chat.stamp, at });
  }

  /** The chat's next message is unknown now (its send ended, or its row was gone). */
  forgetHead(chat: ChatState, now: number): void {
    chat.head = undefined;
    chat.needsLookup = chat.pending > 0;
    this.schedule(chat, now);
  }

  /** What the outbox says is the chat's next message (undefined: nothing queued). */
  setHead(chat: ChatState, head: Head | undefined, now: number): void {
    this.lookups.delete(chat);
    chat.needsLookup = false;
    chat.head = head;
    if (!head) chat.pending = 0;
    else chat.pending = Math.max(chat.pending, 1);
    this.schedule(chat, now);
  }

  /** Moves chats whose waiting time has come back through schedule(). */
  promote(now: number): void {
    for (let top = this.timed.peek(); top && top.at <= now; top = this.timed.peek()) {
      this.timed.pop();
      if (top.stamp === top.chat.stamp) this.schedule(top.chat, now);
    }
  }

  /** The best chat that may send now, taken out of the ready heap. */
  popReady(): ChatState | undefined {
    for (let top = this.ready.pop(); top; top = this.ready.pop()) {
      if (top.stamp === top.chat.stamp) {
        top.chat.stamp++;
        return top.chat;
      }
    }
    return undefined;
  }

  /** Back to waiting: the chat's message may not go yet (its pace, or the overall one, for its size). */
  waitUntil(chat: ChatState, at: number): void {
    chat.stamp++;
    this.timed.push({ chat, stamp: chat.stamp, at });
  }

  /** The earliest time something here may change (undefined: nothing waits). */
  nextWakeAt(now: number): number | undefined {
    if (this.lookups.size > 0) return now;
    let at = this.timed.peek()?.at;
    if (this.ready.size > 0) {
      const readyAt = Math.max(this.pausedUntil, now + this.overallWaitMs(now, 1));
      at = at === undefined ? readyAt : Math.min(at, readyAt);
    }
    return at;
  }

  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  isPaused(now: number): boolean {
    return now < this.pausedUntil;
  }

  /** The platform answered 429: run slower for a while (every 429 lowers it again), then recover. */
  slowDown(now: number): void {
    this.slow = { factor: Math.max(SLOWEST, this.rateFactor(now) * SLOWDOWN), at: now };
  }

  rateFactor(now: number): number {
    const { factor, at } = this.slow;
    if (factor >= 1) return 1;
    return Math.min(1, factor + (1 - factor) * ((now - at) / RECOVERY_MS));
  }

  overallWaitMs(now: number, calls: number): number {
    return this.overall.waitMs(now, calls, this.rateFactor(now));
  }

  /** `calls` platform calls to `chat` start now: they count against both paces… */
  started(chat: ChatState, now: number, calls: number): void {
    this.overall.start(now, calls, this.rateFactor(now));
    chat.started(now, calls);
  }

  /** …until a window's length after their answer. */
  ended(chat: ChatState, now: number, calls: number): void {
    this.overall.end(now, calls);
    chat.ended(now, calls);
  }

  private chat(chatId: string): ChatState {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = new ChatState(chatId, this.limits.chat[this.kindOf(chatId)]);
      this.chats.set(chatId, chat);
    }
    return chat;
  }
}
