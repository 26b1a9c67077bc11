/** Messages between the benchmark (server side) and the load-generator child process. */
import type { RateLimitOptions } from '../../test/fakes/telegram-bot-api.js';

export type Target = {
  /** http://127.0.0.1:<port>/telegram/webhook */
  url: string;
  headers: Record<string, string>;
};

/** Closed loop: `concurrency` keep-alive connections, each sends its next body when the last answer arrived. */
export type ClosedJob = { kind: 'closed'; target: Target; bodies: string[]; concurrency: number };

/** Open loop: bodies sent at a fixed rate whatever the answers do (one socket per request in flight). */
export type OpenJob = { kind: 'open'; target: Target; bodies: string[]; perSecond: number };

/**
 * A fake Bot API in the generator's process (so its work is not counted as the server's),
 * where the bot under test sends its replies.
 */
export type FakeJob = { kind: 'fake'; name: string; enforceLimits?: RateLimitOptions };

/** Waits until the named fake has accepted `count` messages in all. */
export type RepliesJob = { kind: 'replies'; name: string; count: number; timeoutMs: number };

export type LoadJob = ClosedJob | OpenJob | FakeJob | RepliesJob;

export type ClosedResult = {
  kind: 'closed';
  /** Wall-clock ms (performance.timeOrigin + now) when the first request was written. */
  firstSendEpoch: number;
  /** Wall-clock ms when the last answer was fully read. */
  lastAnswerEpoch: number;
  statuses: Record<number, number>;
  errors: number;
  /** CPU time the generator process used meanwhile (ms): near the wall time, it was the bottleneck. */
  cpuMs: number;
};

export type OpenResult = {
  kind: 'open';
  /** Per body, in order: wall-clock ms when the request was written. */
  sendEpoch: number[];
  /** Per body: ms from send until the answer was fully read (-1 on a network error). */
  answerMs: number[];
  statuses: number[];
  /** Worst lateness of a send against its schedule, ms (the generator's own precision). */
  maxLagMs: number;
};

export type FakeResult = { kind: 'fake'; apiRoot: string; token: string };

export type RepliesResult = {
  kind: 'replies';
  /** Messages accepted in all, and the arrival time of the last one. */
  sent: number;
  lastEpoch: number;
  tooManyRequests: number;
};

export type LoadResult = ClosedResult | OpenResult | FakeResult | RepliesResult;
