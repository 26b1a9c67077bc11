// Preloaded into the service by bench/lib/allocation-profile.ts (never in a measured run): from
// BENCH_ALLOC_FROM_MS to BENCH_ALLOC_TO_MS after start, V8's sampling heap profiler records every
// allocation, collected or not (BENCH_ALLOC_LIVE=1: only what survived a young-generation
// collection, i.e. what reached the old generation, dead by now or not), and writes the profile to
// <BENCH_ALLOC_DIR>/<pid>.heapprofile. Plain JavaScript: it loads before tsx.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.BENCH_ALLOC_DIR;
if (dir && isMainThread) {
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));
  const youngGarbage = process.env.BENCH_ALLOC_LIVE !== '1';
  setTimeout(async () => {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: youngGarbage });
    setTimeout(async () => {
      // What was allocated since the last young collection has had no chance to die yet: one
      // young collection now, so that --live counts only what outlived one.
      if (!youngGarbage) {
        setFlagsFromString('--expose-gc');
        runInNewContext('gc')({ type: 'minor' });
      }
      const { profile } = await post('HeapProfiler.stopSampling');
      writeFileSync(join(dir, `${process.pid}.heapprofile`), JSON.stringify(profile));
    }, Number(process.env.BENCH_ALLOC_TO_MS) - Number(process.env.BENCH_ALLOC_FROM_MS)).unref();
  }, Number(process.env.BENCH_ALLOC_FROM_MS)).unref();
}
