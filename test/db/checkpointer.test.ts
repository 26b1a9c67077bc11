import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/db/checkpointer.js';
import { openDatabase } from '../../src/db/client.js';
import { silentLogger } from '../../src/lib/logger.js';

const size = (path: string) => statSync(path).size;

/** Waits for a condition the worker thread makes true (its own timer, not ours to inject). */
async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('WAL checkpoints off the commits', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const openNotes = () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-ckpt-'));
    const path = join(dir, 'app.db');
    const db = openDatabase(path);
    db.$client.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = db.$client.prepare('INSERT INTO notes (body) VALUES (?)');
    // ~4 MB of commits, well past SQLite's 1,000-page threshold.
    const write = () => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(2000));
    };
    return { db, path, write };
  };

  it('no commit checkpoints; while checkpoints are quick they run in the service thread', async () => {
    const { db, path, write } = openNotes();
    const checkpointer = startCheckpointer(db, path, silentLogger, { intervalMs: 20, inlineMaxMs: 60_000 });
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = size(path);
    write();
    expect(size(path)).toBe(before); // the commits left everything in the WAL
    await eventually(() => size(path) > before + 3_000_000);
    expect(checkpointer.mode()).toBe('inline');
    await checkpointer.stop();
    expect(db.$client.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000);
    db.$client.close();
  });

  it('slow checkpoints of a few pages stay in the service thread: a busy CPU, not a heavy write load', async () => {
    const { db, path, write } = openNotes();
    // Every checkpoint counts as slow by its time, none holds enough pages to be heavy.
    const checkpointer = startCheckpointer(db, path, silentLogger, { intervalMs: 20, inlineMaxMs: 0, heavyFrames: 1_000_000, slowInARow: 2 });
    for (let round = 0; round < 4; round++) {
      const before = size(path);
      write();
      await eventually(() => size(path) > before + 3_000_000); // copied inline
    }
    expect(checkpointer.mode()).toBe('inline');
    await checkpointer.stop();
    db.$client.close();
  });

  it('slow checkpoints in a row hand the work to a thread, which copies the WAL and ends once checkpoints are quick again', async () => {
    const { db, path, write } = openNotes();
    const checkpointer = startCheckpointer(db, path, silentLogger, { intervalMs: 20, inlineMaxMs: 0.5, slowInARow: 2, quietMs: 200 });
    write(); // the first inline checkpoint copies ~4 MB: slower than 0.5 ms
    await eventually(() => size(path) > 3_000_000);
    expect(checkpointer.mode()).toBe('inline'); // one slow checkpoint is a burst, not a load
    const more = setInterval(write, 20); // sustained writes: slow checkpoints in a row
    await eventually(() => checkpointer.mode() === 'thread');
    clearInterval(more);
    const before = size(path);
    write();
    await eventually(() => size(path) > before + 3_000_000); // copied by the thread
    // Nothing more to copy: the thread's checkpoints are quick, and it ends.
    await eventually(() => checkpointer.mode() === 'inline');
    await checkpointer.stop();
    expect(db.$client.prepare('SELECT count(*) FROM notes').pluck().get() as number).toBeGreaterThan(4000);
    db.$client.close();
  });
});
