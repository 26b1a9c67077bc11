/**
 * V8's heap sizes are set where the process starts (`npm start`, package.json): a young
 * generation of at most 2 × 4 MB instead of 2 × 16 MB, an old generation that grows by half
 * its live size before the next full collection instead of up to four times, and two V8
 * helper threads. They cannot be set from here: a flag set at run time is undone by the next
 * V8 isolate the process starts (the WAL checkpoint thread). BENCHMARKS.md, memory.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Once started: start-up leaves ~15 MB of garbage in the old generation (module loading,
 * schemas, migrations) that V8 would only collect much later. One full collection now; the
 * flag that exposes gc() is on just for that call.
 */
export function collectStartupGarbage(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  } catch {
    // An engine without gc() keeps the garbage a while longer; nothing else changes.
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
