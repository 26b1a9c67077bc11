import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { InboundStore, type StoredInbound } from '../../src/conversation/inbound-store.js';
import { Inbox, type InboundHandler } from '../../src/conversation/inbox.js';
import type { InboundEvent } from '../../src/core/messages.js';
import { ManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';

/**
 * The inbox's contract with the platforms (durable before acknowledged, each update once) and
 * with the engine (each chat in order; a failing turn undone and retried, the others kept),
 * over a real SQLite file, with a handler that writes as the engine does: its effect and the
 * "done" mark in the turn's transaction.
 */
let dir: string;
let db: Db;
let reader: Database.Database; // a second connection sees only what was committed
let inbox: Inbox;
let handled: string[];
let failures: Map<string, number>; // text → how many more attempts throw
let fetching: Set<string>; // texts whose turn needs I/O first (a file)
let gaveUp: string[];

const clock = new ManualClock(new Date('2026-12-01T08:00:00Z'));
const text = (updateId: number, chatId: string, body: string): InboundEvent => ({
  channel: 'telegram',
  updateId: String(updateId),
  chatId,
  user: { id: chatId, displayName: 'Phụ huynh' },
  kind: 'text',
  text: body,
});

function turn(item: StoredInbound): void {
  db.$client.transaction(() => {
    db.$client.prepare(`INSERT INTO kv (key, value) VALUES (?, ?)`).run(`effect:${item.id}`, item.event.text);
    const left = failures.get(item.event.text!) ?? 0;
    if (left > 0) {
      failures.set(item.event.text!, left - 1);
      throw new Error(`turn of "${item.event.text}" broke`);
    }
    db.$client.prepare(`UPDATE inbound_updates SET status = 'done' WHERE id = ?`).run(item.id);
    handled.push(`${item.event.chatId}:${item.event.text}`);
  })();
}

const handler: InboundHandler = {
  handleNow(item) {
    if (fetching.has(item.event.text!)) return false;
    turn(item);
    return true;
  },
  async handle(item) {
    if (fetching.has(item.event.text!)) await new Promise((r) => setTimeout(r, 5)); // the download
    turn(item);
  },
  giveUp(item) {
    db.$client.prepare(`UPDATE inbound_updates SET status = 'failed' WHERE id = ?`).run(item.id);
    gaveUp.push(item.event.text!);
  },
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cau-noi-inbox-'));
  db = openDatabase(join(dir, 'app.db'));
  applyMigrations(db);
  db.$client.exec(`CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT)`);
  reader = new Database(join(dir, 'app.db'), { readonly: true });
  handled = [];
  gaveUp = [];
  failures = new Map();
  fetching = new Set();
  inbox = new Inbox(new InboundStore(db), clock, silentLogger, handler);
});

afterEach(() => {
  reader.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const committed = (sql: string) => reader.prepare(sql).pluck().get();

describe('inbox: group commit', () => {
  it('updates arriving together are durable, with their turns, when each caller hears so; a redelivery in the same batch is known', async () => {
    const accepted = [text(1, 'a', 'một'), text(2, 'b', 'hai'), text(3, 'c', 'ba'), text(2, 'b', 'hai')].map((e) => inbox.accept(e));
    expect(committed(`SELECT count(*) FROM inbound_updates`)).toBe(0); // nothing acknowledged yet
    const results = await Promise.all(accepted);
    expect(results.map((r) => r.duplicate)).toEqual([false, false, false, true]);
    // Stored, handled and done, as another connection sees it: committed before the callers were answered.
    expect(committed(`SELECT count(*) FROM inbound_updates WHERE status = 'done'`)).toBe(3);
    expect(committed(`SELECT count(*) FROM kv`)).toBe(3);
    expect(handled).toEqual(['a:một', 'b:hai', 'c:ba']);
  });

  it('a turn that throws is undone and retried; the others in its batch are kept', async () => {
    failures.set('hỏng', 1);
    await Promise.all([inbox.accept(text(10, 'a', 'trước')), inbox.accept(text(11, 'b', 'hỏng')), inbox.accept(text(12, 'c', 'sau'))]);
    await inbox.idle();
    expect(handled).toEqual(['a:trước', 'c:sau', 'b:hỏng']);
    // The failed attempt's effect was rolled back: one effect per update.
    expect(committed(`SELECT count(*) FROM kv`)).toBe(3);
    expect(committed(`SELECT attempts FROM inbound_updates WHERE update_id = '11'`)).toBe(1);
  });

  it('an update that keeps failing is given up after three attempts, once', async () => {
    failures.set('luôn hỏng', 99);
    await inbox.accept(text(20, 'a', 'luôn hỏng'));
    await inbox.idle();
    expect(gaveUp).toEqual(['luôn hỏng']);
    expect(committed(`SELECT attempts || ' ' || status FROM inbound_updates WHERE update_id = '20'`)).toBe('3 failed');
    expect(committed(`SELECT count(*) FROM kv`)).toBe(0);
  });

  it('keeps each chat in order: behind a turn that needs a download, the chat’s next updates wait; other chats do not', async () => {
    fetching.add('tệp');
    await Promise.all([inbox.accept(text(31, 'a', 'tệp')), inbox.accept(text(32, 'a', 'rồi trả lời')), inbox.accept(text(33, 'b', 'chat khác'))]);
    expect(handled).toEqual(['b:chat khác']);
    await inbox.accept(text(34, 'a', 'thêm nữa')); // arrives while the download runs
    await inbox.idle();
    expect(handled).toEqual(['b:chat khác', 'a:tệp', 'a:rồi trả lời', 'a:thêm nữa']);
  });

  it('a polled batch handed over out of order is handled in update-id order per chat', async () => {
    await Promise.all([text(42, 'a', 'thứ hai'), text(41, 'a', 'thứ nhất'), text(43, 'b', 'khác')].map((e) => inbox.accept(e)));
    expect(handled).toEqual(['a:thứ nhất', 'a:thứ hai', 'b:khác']);
  });

  it('what a crash left stored but not handled is finished at start', async () => {
    // Stored, then the process died before its turn: a row left 'received'.
    db.$client.prepare(`INSERT INTO inbound_updates (channel, update_id, chat_id, payload, status, attempts, received_at) VALUES ('telegram', '50', 'a', ?, 'received', 0, 0)`).run(JSON.stringify(text(50, 'a', 'còn dở')));
    expect(inbox.recover()).toBe(1);
    await inbox.idle();
    expect(handled).toEqual(['a:còn dở']);
    expect(committed(`SELECT status FROM inbound_updates WHERE update_id = '50'`)).toBe('done');
  });
});
