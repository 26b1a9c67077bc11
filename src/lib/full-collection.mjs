/**
 * V8's gc() for the calling thread, taken once: the flag that exposes it is on just for that.
 * Plain JavaScript, so that the loader thread (src/lib/loader-hooks.mjs) can use it too.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export function fullCollection() {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    // An engine without gc() keeps its garbage a while longer; nothing else changes.
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
