/** An element of an IndexedHeap: the heap keeps its position there (-1: in no heap). */
export interface HeapSlot {
  heapIndex: number;
}

/**
 * A binary min-heap whose elements know their position, so one can leave from anywhere in
 * O(log n). The sender's chats are their own elements: nothing is allocated per change,
 * and no stale entries wait to be skipped.
 */
export class IndexedHeap<T extends HeapSlot> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  has(item: T): boolean {
    return this.items[item.heapIndex] === item;
  }

  push(item: T): void {
    item.heapIndex = this.items.push(item) - 1;
    this.up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top) this.removeAt(0);
    return top;
  }

  /** Takes the item out if it is here (false otherwise). */
  remove(item: T): boolean {
    if (!this.has(item)) return false;
    this.removeAt(item.heapIndex);
    return true;
  }

  /** Forgets every item. */
  clear(): void {
    for (const item of this.items) item.heapIndex = -1;
    this.items.length = 0;
  }

  private removeAt(i: number): void {
    const items = this.items;
    const removed = items[i]!;
    const last = items.pop()!;
    removed.heapIndex = -1;
    if (last === removed) return;
    items[i] = last;
    last.heapIndex = i;
    this.up(i);
    this.down(last.heapIndex);
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(item, items[parent]!)) break;
      this.place(items[parent]!, i);
      i = parent;
    }
    this.place(item, i);
  }

  private down(i: number): void {
    const items = this.items;
    const item = items[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.less(items[right]!, items[left]!) ? right : left;
      if (!this.less(items[child]!, item)) break;
      this.place(items[child]!, i);
      i = child;
    }
    this.place(item, i);
  }

  private place(item: T, i: number): void {
    this.items[i] = item;
    item.heapIndex = i;
  }
}
