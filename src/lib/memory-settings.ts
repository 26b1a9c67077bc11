/**
 * Imported by main.ts before any other module is loaded. V8 grows its young generation up
 * to 32 MB while the modules load and keeps it at that size under steady traffic; with a
 * growth factor of 1 it stays at its initial 2 MB. Young collections come more often (about
 * half a percent of CPU on the webhook path, measured) and the process stays near 125 MB
 * instead of 150–170 MB on a small server (BENCHMARKS.md, broadcast).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--semi-space-growth-factor=1');

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
