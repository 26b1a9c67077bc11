import { Worker } from 'node:worker_threads';

import type { CheckpointCost } from './checkpointer.js';

/**
 * A worker thread with its own connection that checkpoints every `intervalMs`
 * (checkpoint-worker.mjs). Its V8 heap is the service's memory (~8 MB), so it runs only while
 * checkpoints are too slow for the service's own thread (see checkpointer.ts).
 */
export class CheckpointThread {
  private readonly worker: Worker;

  constructor(path: string, intervalMs: number, handlers: { report: (r: CheckpointCost) => void; problem: (message: string) => void; failed: (err: unknown) => void }) {
    this.worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
      workerData: { path, intervalMs },
      // No preloads: under `--import tsx` every thread would load the TypeScript loader (~5–10 MB), and this file is plain JavaScript.
      execArgv: [],
      // Its heap holds a connection and a timer (~3 MB); a leak ends the thread (failed), not the service.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    this.worker.unref();
    this.worker.on('error', handlers.failed);
    this.worker.on('message', (m: { type: string; ms?: number; frames?: number; message?: string }) => {
      if (m.type === 'checkpointed') handlers.report({ ms: m.ms ?? 0, frames: m.frames ?? 0 });
      else if (m.type === 'error') handlers.problem(m.message ?? 'unknown');
    });
  }

  /** A last checkpoint, then the thread ends (terminated if it does not answer within 2 s). */
  stop(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        resolve();
      };
      const timeout = setTimeout(() => void this.worker.terminate().then(done, done), 2000);
      this.worker.on('message', (m: { type: string }) => m.type === 'stopped' && void this.worker.terminate().then(done, done));
      this.worker.once('exit', done);
      this.worker.postMessage('stop');
    });
  }
}
