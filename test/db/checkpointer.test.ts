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

describe('the WAL checkpoint thread', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the service connection never checkpoints; the worker copies the WAL into the database file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cau-noi-ckpt-'));
    const path = join(dir, 'app.db');
    const db = openDatabase(path);
    const checkpointer = startCheckpointer(db, path, silentLogger, 20);
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    db.$client.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = db.$client.prepare('INSERT INTO notes (body) VALUES (?)');
    const before = size(path);
    // ~4 MB of commits, well past SQLite's 1,000-page threshold: no commit copied them itself.
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(2000));
    await eventually(() => size(path) > before + 3_000_000);

    await checkpointer.stop();
    expect(db.$client.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000);
    db.$client.close();
  });
});
