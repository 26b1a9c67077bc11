import { describe, expect, it } from 'vitest';
import { QuietCollector, type HeapProbe } from '../../src/lib/memory-settings.js';

const MB = 1024 * 1024;

/** A heap whose old generation and event loop the test sets; collect() drops the old generation to `live`. */
function fakeHeap(start: number) {
  const heap = { used: start, live: start, busy: 0, collections: 0 };
  const probe: HeapProbe = {
    oldSpaceUsed: () => heap.used,
    busySinceLastLook: () => heap.busy,
    collect: () => {
      heap.collections++;
      heap.used = heap.live;
    },
  };
  return { heap, probe };
}

describe('QuietCollector: a full collection when garbage piled up and the process is quiet', () => {
  it('collects once the old generation grew by the step, and counts from what was left', () => {
    const { heap, probe } = fakeHeap(26 * MB);
    const freed: number[] = [];
    const collector = new QuietCollector(probe, { stepBytes: 2 * MB, onCollected: ({ freedBytes }) => freed.push(freedBytes) });

    heap.used += 1.5 * MB;
    expect(collector.check()).toBe(false);
    heap.used += 1 * MB;
    heap.live += 0.5 * MB; // some of the growth is live
    expect(collector.check()).toBe(true);
    expect(freed).toEqual([2 * MB]);

    // The next step counts from what the collection left, not from the start.
    heap.used += 1.8 * MB;
    expect(collector.check()).toBe(false);
    heap.used += 0.3 * MB;
    expect(collector.check()).toBe(true);
    expect(heap.collections).toBe(2);
  });

  it('leaves a busy process to V8, and follows V8 when it collected by itself', () => {
    const { heap, probe } = fakeHeap(26 * MB);
    const collector = new QuietCollector(probe, { stepBytes: 2 * MB, maxBusy: 0.15 });

    heap.used += 5 * MB;
    heap.busy = 0.3;
    expect(collector.check()).toBe(false);

    // V8's own full collection: the floor follows it down.
    heap.used = 24 * MB;
    heap.busy = 0.05;
    expect(collector.check()).toBe(false);
    heap.used = 25.9 * MB;
    expect(collector.check()).toBe(false);
    heap.used = 26.1 * MB;
    expect(collector.check()).toBe(true);
    expect(heap.collections).toBe(1);
  });
});
