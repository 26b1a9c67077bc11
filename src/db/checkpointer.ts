import { Worker } from 'node:worker_threads';
import type { Logger } from '../lib/logger.js';
import type { Db } from './client.js';

/** SQLite's own threshold, restored if the worker cannot run. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

export type Checkpointer = { stop(): Promise<void> };

/**
 * SQLite checkpoints the WAL inside the commit that crosses 1,000 pages: that commit copies the
 * pages into the database file and fsyncs twice, 10–130 ms measured on this VM's disk, during
 * which the event loop answers nothing (the spikes in the webhook's HTTP p99). Here the
 * service's connection never checkpoints; a worker thread with its own connection does, every
 * `intervalMs`, without blocking writers (PASSIVE). Durability is unchanged: a commit is in the
 * WAL either way.
 */
export function startCheckpointer(db: Db, path: string, log: Logger, intervalMs = 1000): Checkpointer {
  if (path === ':memory:') return { stop: async () => {} };
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { path, intervalMs },
    // The thread's V8 heap is the service's memory. No preloads: under `--import tsx` every
    // thread would load the TypeScript loader (~5–10 MB), and this file is plain JavaScript.
    execArgv: [],
    // Its heap holds a connection and a timer (~3 MB); a leak ends the thread (fallBack), not the service.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
  });
  worker.unref();
  db.$client.pragma('wal_autocheckpoint = 0');
  let failed = false;
  const fallBack = (err: unknown) => {
    if (failed) return;
    failed = true;
    db.$client.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    log.warn({ err }, 'database: the checkpoint thread stopped; the service checkpoints itself again');
  };
  worker.on('error', fallBack);
  worker.on('message', (message: { type: string; message?: string }) => {
    if (message.type === 'error') log.warn({ problem: message.message }, 'database: a checkpoint failed; the next one retries');
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (failed) return resolve();
        const done = () => {
          clearTimeout(timeout);
          resolve();
        };
        const timeout = setTimeout(() => void worker.terminate().then(done, done), 2000);
        worker.on('message', (message: { type: string }) => message.type === 'stopped' && void worker.terminate().then(done, done));
        worker.once('exit', done);
        worker.postMessage('stop');
      }),
  };
}
