import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startOaHarness, type OaHarness } from '../test/helpers/zalo-oa.js';
import { percentile, round, type BenchMeta, type BenchResult } from './result.js';

export const meta: BenchMeta = { estimate: 'about 30 s' };

const PEOPLE = 100;
const WARMUP = 10;
/** New people a second on each channel: well under both channels' rate limits (two messages each). */
const PEOPLE_PER_SECOND = 4;
/** Zalo wants the webhook's 200 within 2 s (and resends otherwise): a tenth of that at p99. */
const ACK_TARGET_P99_MS = 200;
/** A person's first message to the answer they see (first contact: the privacy notice and the reply). */
const REPLY_TARGET_P95_MS = 1000;
const TELEGRAM_SECRET = 'test-webhook-secret_123';

type Timings = { ack: number[]; reply: number[] };

/**
 * Issue 12: the Zalo OA path end to end in one service (webhook mode, both channels on): a
 * signed OA event → signature check, stored → 200, then the engine's reply through the outbox,
 * the quota check and the send, until the fake OA records it. Beside it, in the same run and
 * service, the same first message on Telegram's webhook and its reply at the fake Bot API.
 * People arrive at a steady PEOPLE_PER_SECOND, below the sending limits, so the numbers are the
 * path's and not the rate limiter's (at the limit a reply waits its turn, by design).
 */
export default async function bench(): Promise<BenchResult[]> {
  const h = await startOaHarness();
  try {
    const oa: Timings = { ack: [], reply: [] };
    const tg: Timings = { ack: [], reply: [] };
    const begin = performance.now();
    for (let i = 0; i < PEOPLE + WARMUP; i++) {
      const due = begin + (i * 1000) / PEOPLE_PER_SECOND;
      if (performance.now() < due) await sleep(due - performance.now());
      const keep = i >= WARMUP;
      await oaRound(h, `20000000000000${String(i).padStart(5, '0')}`, keep ? oa : undefined);
      await telegramRound(h, 880000 + i, keep ? tg : undefined);
    }
    const p = (xs: number[], q: number) => round(percentile([...xs].sort((a, b) => a - b), q));
    console.log(`OA: ${h.oa.sent.length} messages and ${h.oa.quotaCalls.length} quota calls for ${PEOPLE + WARMUP} people; Telegram: ${h.fake.sentMessages().length} messages`);
    console.log(`OA: ack p50 ${p(oa.ack, 50)} / p99 ${p(oa.ack, 99)} ms, reply p50 ${p(oa.reply, 50)} / p95 ${p(oa.reply, 95)} ms`);
    console.log(`Telegram: ack p50 ${p(tg.ack, 50)} / p99 ${p(tg.ack, 99)} ms, reply p50 ${p(tg.reply, 50)} / p95 ${p(tg.reply, 95)} ms`);
    return [
      { name: 'zalo_oa webhook: signed event stored and answered, p99', value: p(oa.ack, 99), unit: 'ms', target: `< ${ACK_TARGET_P99_MS} ms`, pass: p(oa.ack, 99) < ACK_TARGET_P99_MS },
      { name: 'telegram webhook (same run, comparison), p99', value: p(tg.ack, 99), unit: 'ms', target: 'comparison', pass: true },
      { name: 'zalo_oa first message → reply at the fake OA, p95', value: p(oa.reply, 95), unit: 'ms', target: `< ${REPLY_TARGET_P95_MS} ms`, pass: p(oa.reply, 95) < REPLY_TARGET_P95_MS },
      { name: 'telegram first message → reply (same run, comparison), p95', value: p(tg.reply, 95), unit: 'ms', target: 'comparison', pass: true },
    ];
  } finally {
    await h.close();
  }
}

async function oaRound(h: OaHarness, userId: string, into: Timings | undefined): Promise<void> {
  const start = performance.now();
  const res = await h.oa.userSendsText(userId, 'xin chào');
  const acked = performance.now();
  if (res.status !== 200) throw new Error(`OA webhook answered ${res.status}`);
  await h.oa.waitForText(userId, /./, 10_000);
  if (into) {
    into.ack.push(acked - start);
    into.reply.push(performance.now() - start);
  }
}

async function telegramRound(h: OaHarness, userId: number, into: Timings | undefined): Promise<void> {
  const update = {
    update_id: 500000 + userId,
    message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: userId, type: 'private', first_name: 'Lan' }, from: { id: userId, is_bot: false, first_name: 'Lan' }, text: 'xin chào' },
  };
  const start = performance.now();
  const res = await fetch(`${h.webhookBase}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
    body: JSON.stringify(update),
  });
  await res.text();
  const acked = performance.now();
  if (res.status !== 200) throw new Error(`Telegram webhook answered ${res.status}`);
  await h.fake.waitForText(userId, /./, 10_000);
  if (into) {
    into.ack.push(acked - start);
    into.reply.push(performance.now() - start);
  }
}
