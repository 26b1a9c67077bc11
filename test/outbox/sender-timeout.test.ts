import { afterEach, describe, expect, it } from 'vitest';
import { startOutboxHarness, type OutboxHarness } from './harness.js';

// The one place real time passes: a send timeout is real milliseconds by nature.
const TIMEOUT_MS = 300;

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

describe('outbox sender: calls that get no answer', () => {
  it('a hanging call counts as a network failure after sendTimeoutMs and is retried after backoff', async () => {
    h = await startOutboxHarness({ sender: { sendTimeoutMs: TIMEOUT_MS } });
    const a = h.enqueue(801, 'Tin gặp mạng chậm')!;
    const b = h.enqueue(802, 'Tin bình thường')!;
    h.fake.hangNext('sendMessage');
    const t0 = h.clock.now().getTime();

    const started = Date.now();
    const result = await h.sender.tick();
    const took = Date.now() - started;

    // One of the two hung (whichever reached the fake first); the other went through meanwhile.
    expect(result).toEqual({ sent: 1, retried: 1, failed: 0 });
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(took).toBeLessThan(TIMEOUT_MS + 2000);
    const hung = [h.row(a), h.row(b)].find((r) => r.status === 'queued')!;
    expect(hung.attempts).toBe(1);
    expect(hung.lastError).toBe(`no answer within ${TIMEOUT_MS} ms`);
    const wait = hung.nextAttemptAt.getTime() - t0;
    expect(wait).toBeGreaterThanOrEqual(1400);
    expect(wait).toBeLessThanOrEqual(2600);

    h.clock.set(hung.nextAttemptAt);
    expect(await h.sender.tick()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(h.row(hung.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(h.fake.sentMessages(801)).toHaveLength(1);
    expect(h.fake.sentMessages(802)).toHaveLength(1);
  });

  it('at most one duplicate per timed-out attempt: a late answer is ignored, and the retry may deliver a second copy', async () => {
    // The honest trade-off of at-least-once delivery: when Telegram took the message but the
    // answer came too late, the retry sends it again. The row is still marked sent once.
    h = await startOutboxHarness({ sender: { sendTimeoutMs: TIMEOUT_MS } });
    const a = h.enqueue(811, 'Nhắc hạn nộp báo cáo')!;
    h.fake.delayNext('sendMessage', TIMEOUT_MS + 200);

    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(h.row(a).status).toBe('queued');
    // Telegram got it after all (the answer arrives after we stopped waiting).
    await h.fake.waitForMessages(811, 1);
    expect(h.row(a).status).toBe('queued');

    h.clock.set(h.row(a).nextAttemptAt);
    expect(await h.sender.tick()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(h.row(a)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(h.fake.sentMessages(811).map((m) => m.text)).toEqual(['Nhắc hạn nộp báo cáo', 'Nhắc hạn nộp báo cáo']);

    h.clock.advance(600_000);
    await h.sender.tick();
    expect(h.callsTo(811)).toBe(2);
  });
});
