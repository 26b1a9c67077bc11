import type { Logger } from '../lib/logger.js';
import { CheckpointThread } from './checkpoint-thread.js';
import type { Db } from './client.js';

export type Checkpointer = {
  /** Where checkpoints run now: the service's own thread, or a worker thread. */
  readonly mode: () => 'inline' | 'thread';
  stop(): Promise<void>;
};

export type CheckpointerOptions = {
  intervalMs?: number;
  /**
   * A checkpoint is heavy when it took longer than `inlineMaxMs` and the WAL held at least
   * `heavyFrames` pages; `slowInARow` heavy inline ones running hand the work to the thread.
   */
  inlineMaxMs?: number;
  heavyFrames?: number;
  slowInARow?: number;
  /** The thread ends after this long without a heavy checkpoint. */
  quietMs?: number;
};

/** What one checkpoint took: its time and the pages (frames) the WAL held. */
export type CheckpointCost = { ms: number; frames: number };

/**
 * SQLite checkpoints the WAL inside the commit that crosses 1,000 pages: that commit copies the
 * pages into the database file and fsyncs twice, 10–130 ms measured on this VM's disk, during
 * which the event loop answers nothing (the spikes in the webhook's HTTP p99). So the
 * service's connection never checkpoints in a commit. Instead, every `intervalMs`:
 * - while writes are few, a PASSIVE checkpoint runs inline: a quiet second's pages and two
 *   fsyncs (~2 ms measured); a burst of writes (a broadcast queued) makes one or two slow ones;
 * - once `slowInARow` in a row take longer than `inlineMaxMs` (sustained writes: 30–70 ms a
 *   second under 1,000 updates/s, measured), a worker thread with its own connection takes over,
 *   without blocking writers, and ends after `quietMs` without a slow one. The thread's V8 heap
 *   costs ~8 MB of memory, so it runs only while it is needed.
 * Slow counts only with many pages (`heavyFrames`, 1 MB): on a busy machine a light checkpoint
 * is slow too, because the CPU is shared, not because of the disk. Measured while a broadcast
 * went out at 25/s: ~115 pages a checkpoint, 6.5 ms on average and 1 in 5 over 8 ms, so the
 * thread started at random minutes in; under 550 webhook updates/s, 280–3,200 pages, 14–45 ms.
 * Durability is unchanged: a commit is in the WAL either way.
 */
export function startCheckpointer(db: Db, path: string, log: Logger, opts: CheckpointerOptions = {}): Checkpointer {
  if (path === ':memory:') return { mode: () => 'inline', stop: async () => {} };
  const intervalMs = opts.intervalMs ?? 1000;
  const inlineMaxMs = opts.inlineMaxMs ?? 8;
  const heavyFrames = opts.heavyFrames ?? 250;
  const heavy = ({ ms, frames }: CheckpointCost) => ms > inlineMaxMs && frames >= heavyFrames;
  const slowInARow = opts.slowInARow ?? 3;
  const quietMs = opts.quietMs ?? 60_000;
  db.$client.pragma('wal_autocheckpoint = 0');

  let thread: CheckpointThread | undefined;
  let threadFailed = false;
  let lastSlowAt = 0;
  let slow = 0;
  let stopping: Promise<void> | undefined;

  const inline = (): CheckpointCost => {
    const started = performance.now();
    let frames = 0;
    try {
      frames = walFrames(db.$client.pragma('wal_checkpoint(PASSIVE)'));
    } catch (err) {
      log.warn({ err }, 'database: a checkpoint failed; the next one retries');
    }
    return { ms: performance.now() - started, frames };
  };
  const startThread = () => {
    lastSlowAt = performance.now();
    thread = new CheckpointThread(path, intervalMs, {
      report: (cost) => {
        if (heavy(cost)) lastSlowAt = performance.now();
      },
      problem: (message) => log.warn({ problem: message }, 'database: a checkpoint failed; the next one retries'),
      failed: (err) => {
        threadFailed = true;
        thread = undefined;
        log.warn({ err }, 'database: the checkpoint thread stopped; the service checkpoints in its own thread again');
      },
    });
  };
  const tick = () => {
    if (stopping) return;
    if (!thread) {
      slow = heavy(inline()) ? slow + 1 : 0;
      if (slow >= slowInARow && !threadFailed) {
        slow = 0;
        startThread();
      }
    } else if (performance.now() - lastSlowAt > quietMs) {
      const ending = thread;
      thread = undefined;
      void ending.stop();
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();

  return {
    mode: () => (thread ? 'thread' : 'inline'),
    stop: () => {
      clearInterval(timer);
      stopping ??= thread ? thread.stop() : Promise.resolve(inline()).then(() => {});
      thread = undefined;
      return stopping;
    },
  };
}

/** The WAL's size in pages from `PRAGMA wal_checkpoint`'s row (busy, log, checkpointed). */
function walFrames(result: unknown): number {
  const row = Array.isArray(result) ? (result[0] as { log?: unknown } | undefined) : undefined;
  return typeof row?.log === 'number' && row.log > 0 ? row.log : 0;
}
