/**
 * Bots under test in their own processes, so that their memory is measured alone and the same
 * way: from /proc, the resident set now and its peak over the process's life (VmHWM). The
 * service runs exactly what `npm start` runs (package.json's "start"); other bots run as
 * `node --import tsx <file>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** package.json's "start" script after `node`: `<V8 flags> --import tsx src/main.ts`. */
function startArgs(): string[] {
  const start = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.split(/\s+/);
  if (command !== 'node') throw new Error(`package.json's start script no longer runs node directly: ${start}`);
  return args;
}

/** The V8 and Node flags `npm start` runs the service with (those before `--import tsx`). */
export function startFlags(): string[] {
  const args = startArgs();
  return args.slice(0, args.indexOf('--import'));
}

/** The service as `npm start` starts it: package.json's "start" script, `node <flags> src/main.ts`. */
export function spawnService(env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawnArgs([...nodeArgs, ...startArgs()], env);
}

export function spawnNode(file: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawnArgs([...nodeArgs, '--import', 'tsx', file], env);
}

function spawnArgs(args: string[], env: Record<string, string>): ChildProcess {
  // BENCH_NODE_ARGS (e.g. --trace-gc) and nodeArgs for looking into a run; not for measured runs.
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return spawn(process.execPath, [...extra, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
}

/** CPU time a process has used so far (user + system, all threads), from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks, 100 a second on Linux
}

/** A TCP port free on 127.0.0.1 right now, for a child process to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a running process: now and its peak so far (bytes). */
export function residentMemory(pid: number): { rssBytes: number; peakBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kb('VmRSS'), peakBytes: kb('VmHWM') };
}

/** SIGTERM, as a service manager stops it; resolves when it has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Polls `ready` every 100 ms until it answers true; fails if the process exits first. */
export async function waitUntil(child: ChildProcess, what: string, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what}: the process exited (${child.exitCode})`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
