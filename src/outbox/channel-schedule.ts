import { IndexedHeap, type HeapSlot } from './heap.js';
import type { ChannelLimits, ChatKind } from './limits.js';
import { Pacer } from './pace.js';

export type OutboxLane = 'reply' | 'bulk';

/** What the schedule keeps of a queued row: enough to order it, not its payload. */
export type QueuedRow = { id: number; chatId: string; lane: OutboxLane; dueAt: number };
export type Head = Omit<QueuedRow, 'chatId'>;

const LANE_RANK: Record<OutboxLane, number> = { reply: 0, bulk: 1 };

/**
 * One chat with messages to send, or that sent recently (its pacer still matters). It is its
 * own element in the schedule's heaps and keeps its next message inline, so it costs one
 * object however often it moves.
 */
export class ChatState implements HeapSlot {
  chatId = '';
  /** Rows of this chat known to be queued or in flight (corrected by every head lookup). */
  pending = 0;
  /** Its next message (headId 0: unknown while needsLookup, or nothing queued). */
  headId = 0;
  headRank = 0;
  headDueAt = 0;
  needsLookup = false;
  /** In the schedule's list of lookups. */
  listedForLookup = false;
  /** One send at a time per chat: its messages arrive in order. */
  busy = false;
  /** retry_after from the platform for this chat. */
  pausedUntil = 0;
  /** While it waits: when it may go (its message's due time, its pace, a retry_after). */
  wakeAt = 0;
  heapIndex = -1;
  /** Which of the schedule's heaps holds it, if any. */
  heap: IndexedHeap<ChatState> | undefined;
  kind: ChatKind = 'private';
  /** Given at its first send and taken back when the chat is forgotten (ChannelSchedule): most chats of a large broadcast are waiting their turn, with nothing to pace yet. */
  pacer: Pacer | undefined;

  /** Starts (or starts again, reused) as the state of `chatId`. */
  init(chatId: string, kind: ChatKind): this {
    this.chatId = chatId;
    this.kind = kind;
    this.pending = this.headId = this.headRank = this.headDueAt = this.pausedUntil = this.wakeAt = 0;
    this.needsLookup = this.listedForLookup = this.busy = false;
    this.heapIndex = -1;
    this.heap = undefined;
    return this;
  }

  get hasHead(): boolean {
    return this.headId !== 0;
  }

  setHead(head: Head | QueuedRow): void {
    this.headId = head.id;
    this.headRank = LANE_RANK[head.lane];
    this.headDueAt = head.dueAt;
  }

  clearHead(): void {
    this.headId = 0;
  }

  /** Milliseconds until `calls` more may go to this chat by its own limit. */
  waitMs(now: number, calls = 1): number {
    return this.pacer?.waitMs(now, calls) ?? 0;
  }

  /** When its limit stops mattering: nothing sent within the window, nothing in flight. */
  idleAt(): number {
    return Math.max(this.pacer?.idleAt() ?? 0, this.pausedUntil);
  }

}

/**
 * A chat's messages go in queue order, replies first: a message waiting for its time (a
 * retry, quiet hours) holds back the ones queued after it in its lane.
 */
function comesFirstInChat(row: QueuedRow, chat: ChatState): boolean {
  const rank = LANE_RANK[row.lane];
  return rank < chat.headRank || (rank === chat.headRank && row.id < chat.headId);
}

/** Among chats that may send now: replies first, then the longest waiting. */
function readyFirst(a: ChatState, b: ChatState): boolean {
  if (a.headRank !== b.headRank) return a.headRank < b.headRank;
  if (a.headDueAt !== b.headDueAt) return a.headDueAt < b.headDueAt;
  return a.headId < b.headId;
}

const wakesFirst = (a: ChatState, b: ChatState) => a.wakeAt < b.wakeAt;

/** Forgotten chats and pacers kept for reuse: more than a few seconds of sending at full rate touch. */
const SPARES = 256;

/** After a 429 the overall rate drops to this share at least, and recovers over RECOVERY_MS. */
const SLOWEST = 0.5;
const SLOWDOWN = 0.8;
const RECOVERY_MS = 60_000;

/**
 * Which chats of one channel may send now, kept in memory: a heap of chats whose next
 * message may go now (best first) and a heap of chats waiting for a time (their message's
 * due time, their own pace, a retry_after). A tick looks only at chats that became ready,
 * never again at rows of chats that must wait, so its work does not grow with the backlog.
 * Filled from the outbox by ChannelIntake, rebuilt at start; the database stays the truth.
 */
export class ChannelSchedule {
  private readonly chats = new Map<string, ChatState>();
  readonly overall: Pacer;
  /** Chats whose next message must be read from the outbox (after a send, a retry, a miss). */
  private lookups: ChatState[] = [];
  private readonly ready = new IndexedHeap<ChatState>(readyFirst);
  private readonly waiting = new IndexedHeap<ChatState>(wakesFirst);
  /**
   * A chat lives a few seconds after its last send (its pacer must remember it), long enough
   * for V8 to move it to the old generation, where a 7-minute broadcast would pile up one
   * dead chat and pacer per message until a full collection. Reused instead.
   */
  private readonly spareChats: ChatState[] = [];
  private readonly sparePacers: Record<ChatKind, Pacer[]> = { private: [], group: [] };
  private pausedUntil = 0;
  private slow = { factor: 1, at: 0 };

  constructor(
    readonly limits: ChannelLimits,
    private readonly kindOf: (chatId: string) => ChatKind,
  ) {
    this.overall = new Pacer(limits.overall);
  }

  /** Chats whose next message may go now (the intake reads bulk rows when they run short). */
  get readyCount(): number {
    return this.ready.size;
  }

  /** Chats held in memory: queued, in flight, or still paced after a send. */
  get chatCount(): number {
    return this.chats.size;
  }

  /** Forgets every chat (before a rebuild from the outbox); the overall pace, pause and slowdown stay. */
  reset(): void {
    // Chats with a send in flight still hold a reference: they are left to the collector, not reused.
    this.chats.clear();
    this.lookups = [];
    this.ready.clear();
    this.waiting.clear();
  }

  /** A queued row seen for the first time (at start, or newly written). */
  add(row: QueuedRow, now: number): void {
    const chat = this.chat(row.chatId);
    chat.pending++;
    if (chat.busy || chat.needsLookup) return;
    if (!chat.hasHead || comesFirstInChat(row, chat)) {
      this.unplace(chat);
      chat.setHead(row);
      this.schedule(chat, now);
    }
  }

  /** Places the chat among the ready, the waiting or the lookups, or forgets it. */
  schedule(chat: ChatState, now: number): void {
    this.unplace(chat);
    // A send that started before a rebuild (reset) ends on a chat this schedule no longer holds.
    if (chat.busy || this.chats.get(chat.chatId) !== chat) return;
    if (chat.needsLookup) {
      if (!chat.listedForLookup) {
        chat.listedForLookup = true;
        this.lookups.push(chat);
      }
      return;
    }
    if (!chat.hasHead) {
      // Not busy, so nothing of this chat is in flight: idleAt is finite.
      const idleAt = chat.idleAt();
      if (idleAt > now) this.wait(chat, idleAt);
      else this.forget(chat);
      return;
    }
    const at = Math.max(chat.headDueAt, chat.pausedUntil, now + chat.waitMs(now));
    if (at <= now) this.place(chat, this.ready);
    else this.wait(chat, at);
  }

  /** The chat's next message is unknown now (its send ended, or its row was gone). */
  forgetHead(chat: ChatState, now: number): void {
    this.unplace(chat);
    chat.clearHead();
    chat.needsLookup = chat.pending > 0;
    this.schedule(chat, now);
  }

  /** The chats whose next message must be read now; each is answered with setHead. */
  takeLookups(): ChatState[] {
    const chats = this.lookups;
    this.lookups = [];
    for (const chat of chats) chat.listedForLookup = false;
    return chats;
  }

  /** What the outbox says is the chat's next message (undefined: nothing queued). */
  setHead(chat: ChatState, head: Head | undefined, now: number): void {
    this.unplace(chat);
    chat.needsLookup = false;
    if (head) {
      chat.setHead(head);
      chat.pending = Math.max(chat.pending, 1);
    } else {
      chat.clearHead();
      chat.pending = 0;
    }
    this.schedule(chat, now);
  }

  /** Moves chats whose waiting time has come back through schedule(). */
  promote(now: number): void {
    for (let top = this.waiting.peek(); top && top.wakeAt <= now; top = this.waiting.peek()) this.schedule(top, now);
  }

  /** The best chat that may send now, taken out of the ready heap. */
  popReady(): ChatState | undefined {
    const chat = this.ready.pop();
    if (chat) chat.heap = undefined;
    return chat;
  }

  /** Back to waiting: the chat's message may not go yet (its pace, or the overall one, for its size). */
  waitUntil(chat: ChatState, at: number): void {
    this.unplace(chat);
    this.wait(chat, at);
  }

  /** The earliest time something here may change (undefined: nothing waits). */
  nextWakeAt(now: number): number | undefined {
    if (this.lookups.length > 0) return now;
    let at = this.waiting.peek()?.wakeAt;
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
    chat.pacer ??= this.sparePacers[chat.kind].pop() ?? new Pacer(this.limits.chat[chat.kind]);
    chat.pacer.start(now, calls);
  }

  /** …until a window's length after their answer. */
  ended(chat: ChatState, now: number, calls: number): void {
    this.overall.end(now, calls);
    chat.pacer?.end(now, calls);
  }

  private chat(chatId: string): ChatState {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = (this.spareChats.pop() ?? new ChatState()).init(chatId, this.kindOf(chatId));
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  private wait(chat: ChatState, at: number): void {
    chat.wakeAt = at;
    this.place(chat, this.waiting);
  }

  private place(chat: ChatState, heap: IndexedHeap<ChatState>): void {
    heap.push(chat);
    chat.heap = heap;
  }

  private unplace(chat: ChatState): void {
    chat.heap?.remove(chat);
    chat.heap = undefined;
  }

  /** Nothing queued, its limit no longer matters: the chat is dropped, kept for reuse with its pacer. */
  private forget(chat: ChatState): void {
    this.chats.delete(chat.chatId);
    const pacer = chat.pacer;
    chat.pacer = undefined;
    if (pacer && this.sparePacers[chat.kind].length < SPARES) {
      pacer.reset();
      this.sparePacers[chat.kind].push(pacer);
    }
    if (this.spareChats.length < SPARES) this.spareChats.push(chat);
  }
}
