import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClosedJob, ClosedResult, FakeJob, FakeResult, LoadJob, LoadResult, OpenJob, OpenResult, RepliesJob, RepliesResult } from './load-protocol.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Pins this process (every thread: JS, GC helpers, libuv pool) to CPU 0 and the generator
 * child to CPU 1, so "on one core" is literal. Without taskset, with one CPU or with
 * BENCH_PIN=0 nothing is
 * pinned and `pinned` says so.
 */
export class LoadGenerator {
  private waiting: ((r: LoadResult) => void) | undefined;
  private failure: ((e: Error) => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly pinned: boolean,
    private readonly restoreAffinity: string | undefined,
  ) {
    child.on('message', (m: LoadResult | { kind: 'error'; message: string } | { kind: 'ready' }) => {
      if (m.kind === 'ready') return;
      const resolve = this.waiting;
      const reject = this.failure;
      this.waiting = this.failure = undefined;
      if (m.kind === 'error') reject?.(new Error(`load generator: ${m.message}`));
      else resolve?.(m);
    });
    child.on('exit', (code) => this.failure?.(new Error(`load generator exited (${code})`)));
  }

  static async start(): Promise<LoadGenerator> {
    const pin = process.env.BENCH_PIN !== '0' && hasTaskset() && availableParallelism() >= 2;
    let restore: string | undefined;
    if (pin) {
      restore = /list:\s*(\S+)/.exec(execFileSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' }))?.[1];
      execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
    }
    const nodeArgs = ['--import', 'tsx', join(here, 'load-worker.ts')];
    const [cmd, args] = pin ? ['taskset', ['-c', '1', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
    const child = spawn(cmd as string, args as string[], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`load generator exited before ready (${code})`)));
    });
    return new LoadGenerator(child, pin, restore);
  }

  private run(job: LoadJob): Promise<LoadResult> {
    if (this.waiting) throw new Error('one load job at a time');
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failure = reject;
      this.child.send(job);
    });
  }

  closed(job: Omit<ClosedJob, 'kind'>): Promise<ClosedResult> {
    return this.run({ kind: 'closed', ...job }) as Promise<ClosedResult>;
  }

  open(job: Omit<OpenJob, 'kind'>): Promise<OpenResult> {
    return this.run({ kind: 'open', ...job }) as Promise<OpenResult>;
  }

  /** Starts (or restarts, empty) a fake Bot API in the generator's process. */
  fake(job: Omit<FakeJob, 'kind'>): Promise<FakeResult> {
    return this.run({ kind: 'fake', ...job }) as Promise<FakeResult>;
  }

  /** Resolves once the fake has accepted `count` messages in all. */
  replies(job: Omit<RepliesJob, 'kind'>): Promise<RepliesResult> {
    return this.run({ kind: 'replies', ...job }) as Promise<RepliesResult>;
  }

  async close(): Promise<void> {
    this.child.removeAllListeners('exit');
    this.child.kill();
    if (this.restoreAffinity) execFileSync('taskset', ['-a', '-cp', this.restoreAffinity, String(process.pid)], { stdio: 'ignore' });
  }
}
