/**
 * The load generator, run as a child process (see load-generator.ts) so that the server under
 * test keeps its own core. Plain node:http with keep-alive agents: cheap enough per request
 * that the generator is not what limits the measured rate. It also hosts the fake Bot APIs
 * the servers send their replies to, so that their work is not counted as the server's.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { FakeTelegramBotApi } from '../../test/fakes/telegram-bot-api.js';
import type {
  ClosedJob,
  ClosedResult,
  FakeJob,
  FakeResult,
  LoadJob,
  LoadResult,
  OpenJob,
  OpenResult,
  RepliesJob,
  RepliesResult,
} from './load-protocol.js';

const epochNow = (): number => performance.timeOrigin + performance.now();

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function closed(job: ClosedJob): Promise<ClosedResult> {
  const url = new URL(job.target.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const statuses: Record<number, number> = {};
  let errors = 0;
  let next = 0;
  const firstSendEpoch = epochNow();
  const cpu = process.cpuUsage();
  const lane = async () => {
    while (next < job.bodies.length) {
      const body = job.bodies[next++]!;
      try {
        const status = await post(agent, url, job.target.headers, body);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const lastAnswerEpoch = epochNow();
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { kind: 'closed', firstSendEpoch, lastAnswerEpoch, statuses, errors, cpuMs: (used.user + used.system) / 1000 };
}

async function open(job: OpenJob): Promise<OpenResult> {
  const url = new URL(job.target.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const n = job.bodies.length;
  const sendEpoch = new Array<number>(n).fill(0);
  const answerMs = new Array<number>(n).fill(-1);
  const statuses = new Array<number>(n).fill(0);
  const interval = 1000 / job.perSecond;
  const pending: Promise<void>[] = [];
  let maxLagMs = 0;
  let failures = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const due = start + i * interval;
    // setTimeout alone is ~1 ms coarse; wait until just before the slot, then spin the rest.
    while (performance.now() < due - 1.5) await new Promise((r) => setTimeout(r, 1));
    while (performance.now() < due) await new Promise((r) => setImmediate(r));
    const sentAt = performance.now();
    maxLagMs = Math.max(maxLagMs, sentAt - due);
    sendEpoch[i] = performance.timeOrigin + sentAt;
    pending.push(
      post(agent, url, job.target.headers, job.bodies[i]!).then(
        (status) => {
          answerMs[i] = performance.now() - sentAt;
          statuses[i] = status;
        },
        (err: unknown) => {
          answerMs[i] = -1;
          if (!failures++) console.error(`load generator: request ${i} failed: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        },
      ),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return { kind: 'open', sendEpoch, answerMs, statuses, maxLagMs };
}

const fakes = new Map<string, FakeTelegramBotApi>();

async function startFake(job: FakeJob): Promise<FakeResult> {
  await fakes.get(job.name)?.close();
  const fake = await FakeTelegramBotApi.start({ recordCalls: false, enforceLimits: job.enforceLimits });
  fakes.set(job.name, fake);
  return { kind: 'fake', apiRoot: fake.apiRoot, token: fake.token };
}

async function replies(job: RepliesJob): Promise<RepliesResult> {
  const fake = fakes.get(job.name);
  if (!fake) throw new Error(`no fake named ${job.name}`);
  const deadline = performance.now() + job.timeoutMs;
  while (fake.stats().sent < job.count) {
    if (performance.now() > deadline) throw new Error(`${job.name}: ${fake.stats().sent} of ${job.count} replies after ${job.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const all = fake.sentMessages();
  const stats = fake.stats();
  return { kind: 'replies', sent: stats.sent, lastEpoch: all.length > 0 ? all[all.length - 1]!.at.getTime() : 0, tooManyRequests: stats.tooManyRequests };
}

function run(job: LoadJob): Promise<LoadResult> {
  if (job.kind === 'closed') return closed(job);
  if (job.kind === 'open') return open(job);
  if (job.kind === 'fake') return startFake(job);
  return replies(job);
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!(result),
    (err: unknown) => process.send!({ kind: 'error', message: String((err as Error)?.stack ?? err) }),
  );
});
process.send!({ kind: 'ready' });
