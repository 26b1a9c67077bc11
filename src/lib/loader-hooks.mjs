/**
 * Module loader hooks of `npm start`, beside tsx's, in Node's loader thread (a V8 isolate of
 * its own). Plain JavaScript: it loads before tsx could load TypeScript for it. Registered by
 * src/main.ts, which passes `{ dropSourceMaps }`.
 *
 * - tsx appends an inline source map to every TypeScript module it loads as ES, even with
 *   source maps off, and V8 keeps it twice for the process's life: in the module's source and
 *   as its extracted `sourceMappingURL`. With source maps off it is taken off here.
 * - A dependency's ES module (zod, drizzle, hono: ~400 files) is read here as Node would read
 *   it. Through tsx, which has nothing to transpile in them, this thread would keep a copy of
 *   each one's source for the process's life (~2 MB; tsx looks in it only for TypeScript
 *   compiled to CommonJS, which no dependency is).
 * - Transpiling the service's ~300 TypeScript modules grows this thread's young generation to
 *   its largest (2 × 4 MB), and an idle thread never collects again to shrink it. So, once no
 *   module has loaded for 6 s, one full collection here (10–15 ms, off the main thread): V8
 *   shrinks the young generation only when it has allocated little in the last 5 s. It hands
 *   ~6 MB back to the system (the thread's heap from ~21 to ~14 MB).
 */
import { readFile } from 'node:fs/promises';
import { fullCollection } from './full-collection.mjs';

const inlineMap = '\n//# sourceMappingURL=data:application/json;base64,';
/** Longer than V8's 5 s window for allocation throughput. */
const quietMs = 6000;
const dependencyModule = /^file:\/\/.*\/node_modules\/.*\.m?js$/;

let dropSourceMaps = true;
let collectTimer;
const collect = fullCollection();

export function initialize(data) {
  dropSourceMaps = data?.dropSourceMaps !== false;
}

export async function load(url, context, nextLoad) {
  if (collect) {
    clearTimeout(collectTimer);
    collectTimer = setTimeout(collect, quietMs);
  }
  if (context.format === 'module' && dependencyModule.test(url)) {
    return { format: 'module', source: await readFile(new URL(url)), shortCircuit: true };
  }
  const loaded = await nextLoad(url, context);
  if (!dropSourceMaps || typeof loaded.source !== 'string') return loaded;
  const at = loaded.source.lastIndexOf(inlineMap);
  return at === -1 ? loaded : { ...loaded, source: loaded.source.slice(0, at) };
}
