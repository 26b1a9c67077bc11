import { describe, expect, it } from 'vitest';
import { IndexedHeap } from '../../src/outbox/heap.js';

type Item = { key: number; heapIndex: number };

/** A deterministic pseudo-random sequence (the same every run). */
function sequence(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('IndexedHeap', () => {
  it('gives items back smallest first through pushes, pops and removals from anywhere', () => {
    const heap = new IndexedHeap<Item>((a, b) => a.key < b.key);
    const inside = new Set<Item>();
    const random = sequence(7);
    for (let step = 0; step < 5_000; step++) {
      const r = random();
      if (r < 0.5 || inside.size === 0) {
        const item = { key: Math.floor(random() * 1000), heapIndex: -1 };
        heap.push(item);
        inside.add(item);
      } else if (r < 0.75) {
        const smallest = Math.min(...[...inside].map((i) => i.key));
        const top = heap.pop()!;
        expect(top.key).toBe(smallest);
        expect(heap.has(top)).toBe(false);
        inside.delete(top);
      } else {
        const victim = [...inside][Math.floor(random() * inside.size)]!;
        expect(heap.remove(victim)).toBe(true);
        expect(heap.remove(victim)).toBe(false);
        inside.delete(victim);
      }
      expect(heap.size).toBe(inside.size);
    }
    const rest: number[] = [];
    for (let top = heap.pop(); top; top = heap.pop()) rest.push(top.key);
    expect(rest).toEqual([...inside].map((i) => i.key).sort((a, b) => a - b));
  });

  it('forgets everything on clear, and its items can join again', () => {
    const heap = new IndexedHeap<Item>((a, b) => a.key < b.key);
    const items = [3, 1, 2].map((key) => ({ key, heapIndex: -1 }));
    for (const item of items) heap.push(item);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(items.every((i) => !heap.has(i))).toBe(true);
    heap.push(items[0]!);
    expect(heap.pop()).toBe(items[0]);
  });
});
