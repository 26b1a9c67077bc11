/** Messages between the benchmark (server side) and the load-generator child process. */

export type Target = {
  /** http://127.0.0.1:<port>/telegram/webhook */
  url: string;
  headers: Record<string, string>;
};

/** Closed loop: `concurrency` keep-alive connections, each sends its next body when the last answer arrived. */
export type ClosedJob = { kind: 'closed'; target: Target; bodies: string[]; concurrency: number };

/** Open loop: bodies sent at a fixed rate whatever the answers do (one socket per request in flight). */
export type OpenJob = { kind: 'open'; target: Target; bodies: string[]; perSecond: number };

export type LoadJob = ClosedJob | OpenJob;

export type ClosedResult = {
  kind: 'closed';
  /** Wall-clock ms (performance.timeOrigin + now) when the first request was written. */
  firstSendEpoch: number;
  /** Wall-clock ms when the last answer was fully read. */
  lastAnswerEpoch: number;
  statuses: Record<number, number>;
  errors: number;
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

export type LoadResult = ClosedResult | OpenResult;
