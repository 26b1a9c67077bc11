/**
 * V8's heap sizes are set where the process starts (`npm start`, package.json): a young
 * generation of at most 2 × 4 MB instead of 2 × 16 MB, an old generation that grows by half
 * its live size before the next full collection instead of up to four times, and two V8
 * helper threads. They cannot be set from here: a flag set at run time is undone by the next
 * V8 isolate the process starts (the WAL checkpoint thread). BENCHMARKS.md, memory.
 */
import v8 from 'node:v8';
import { performance } from 'node:perf_hooks';
import { fullCollection } from './full-collection.mjs';

/**
 * Once started: start-up leaves ~15 MB of garbage in the old generation (module loading,
 * schemas, migrations) that V8 would only collect much later. One full collection now.
 */
export function collectStartupGarbage(): void {
  fullCollection()?.();
}

export type QuietCollectorOptions = {
  /** Growth of the old generation since the last full collection that is worth one. */
  stepBytes?: number;
  /** Only when the event loop was busy less than this share of the last interval. */
  maxBusy?: number;
  /** After each collection it ran: how long it took and what it freed. */
  onCollected?: (info: { ms: number; freedBytes: number }) => void;
};

/** What the collector reads and does; the process's own V8 and event loop unless a test says otherwise. */
export type HeapProbe = {
  oldSpaceUsed: () => number;
  /** Share of the time since the last call the event loop was busy. */
  busySinceLastLook: () => number;
  collect: () => void;
};

/**
 * Node gives V8 no idle time (a browser does, and V8 collects then), and V8 starts a full
 * collection only once its old generation has grown by 8 MB at least. A service that sends
 * steadily for minutes, as a 10,000 broadcast does, piles up that much garbage there without
 * ever being busy. So: when the old generation has grown by `stepBytes` since the last full
 * collection and the event loop was mostly idle, one full collection (40–50 ms on this heap;
 * a 10,000 broadcast needs a few). Under load (a webhook flood, busy more than 15% of the
 * time) it leaves the collecting to V8, whose full collections mark concurrently.
 */
export class QuietCollector {
  private floor: number;
  private readonly stepBytes: number;
  private readonly maxBusy: number;

  constructor(
    private readonly probe: HeapProbe,
    private readonly opts: QuietCollectorOptions = {},
  ) {
    this.stepBytes = opts.stepBytes ?? 2 * 1024 * 1024;
    this.maxBusy = opts.maxBusy ?? 0.15;
    this.floor = probe.oldSpaceUsed();
    probe.busySinceLastLook();
  }

  /** One look; true when it collected. */
  check(): boolean {
    const used = this.probe.oldSpaceUsed();
    // V8's own full collections lower the floor too.
    this.floor = Math.min(this.floor, used);
    const busy = this.probe.busySinceLastLook();
    if (used - this.floor < this.stepBytes || busy > this.maxBusy) return false;
    const started = performance.now();
    this.probe.collect();
    this.floor = this.probe.oldSpaceUsed();
    this.opts.onCollected?.({ ms: performance.now() - started, freedBytes: used - this.floor });
    return true;
  }
}

function processHeap(collect: () => void): HeapProbe {
  let loop = performance.eventLoopUtilization();
  return {
    oldSpaceUsed: () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0,
    busySinceLastLook: () => {
      const busy = performance.eventLoopUtilization(loop).utilization;
      loop = performance.eventLoopUtilization();
      return busy;
    },
    collect,
  };
}

/** The process's QuietCollector, looking every `everyMs`; its timer does not keep the process alive. */
export function startQuietCollector(opts: QuietCollectorOptions & { everyMs?: number } = {}): { stop(): void } {
  const collect = fullCollection();
  if (!collect) return { stop() {} };
  const collector = new QuietCollector(processHeap(collect), opts);
  const timer = setInterval(() => collector.check(), opts.everyMs ?? 5000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
