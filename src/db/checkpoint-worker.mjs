// The WAL checkpointer's thread (see checkpointer.ts). Plain JavaScript: a worker thread gets no
// TypeScript loader under vitest, and this needs none. Its own connection copies committed WAL
// frames into the database file and fsyncs, so the service's thread never waits for the disk.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs } = workerData;
const db = new Database(path);
db.pragma('busy_timeout = 5000');

const checkpoint = (mode) => {
  try {
    const started = performance.now();
    const [row] = db.pragma(`wal_checkpoint(${mode})`);
    parentPort.postMessage({ type: 'checkpointed', ms: performance.now() - started, frames: row?.log > 0 ? row.log : 0 });
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: String(err && err.message) });
  }
};

const timer = setInterval(() => checkpoint('PASSIVE'), intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.postMessage({ type: 'stopped' });
});
parentPort.postMessage({ type: 'ready' });
