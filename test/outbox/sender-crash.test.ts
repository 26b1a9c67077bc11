import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { startOutboxHarness, type OutboxHarness } from './harness.js';

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

describe('outbox sender: a crash in the middle of sending', () => {
  it('loses nothing and repeats only what was in flight; each chat keeps its order', async () => {
    h = await startOutboxHarness();
    for (let k = 1; k <= 3; k++) for (let chat = 0; chat < 100; chat++) h.enqueue(7_000_000 + chat, `Tin ${k}`);

    // The process that crashes: its own connection, outcomes written only every 10 s, so when
    // it dies some messages have reached Telegram without being marked sent.
    const doomedDb = openDatabase(h.dbPath);
    const doomed = h.makeSender({ db: doomedDb, batchMs: 10_000, maxInFlight: 30 });
    h.fake.delayNext('sendMessage', 50, 1000);
    doomed.start();
    await h.fake.waitForMessages(7_000_000, 1);
    await h.fake.waitForCalls('sendMessage', 30);
    doomedDb.$client.close(); // the crash: nothing more reaches the database
    await doomed.stop().catch(() => undefined);

    const inFlight = h.rows().filter((r) => r.status === 'sending').length;
    expect(inFlight).toBeGreaterThan(0);
    expect(inFlight).toBeLessThanOrEqual(30);

    const sender = await h.restartSender();
    expect(sender.recoverInFlight()).toBe(inFlight);
    for (let step = 0; step < 20 && h.unsent() > 0; step++) {
      await sender.tick();
      h.clock.advance(1000);
    }

    expect(h.unsent()).toBe(0);
    let repeated = 0;
    for (let chat = 0; chat < 100; chat++) {
      const texts = h.fake.sentMessages(7_000_000 + chat).map((m) => m.text);
      // Every message arrived; a repeat is the one that was in flight, right after itself.
      expect([...new Set(texts)]).toEqual(['Tin 1', 'Tin 2', 'Tin 3']);
      repeated += texts.length - 3;
    }
    expect(repeated).toBeLessThanOrEqual(inFlight);
  });
});
