/** The entry point (`npm start`, which also sets V8's heap sizes: src/lib/memory-settings.ts). */

// tsx turns source maps on, and Node then keeps the map of every module it loads for the
// process's life (~2 MB of heap: drizzle's maps carry its whole TypeScript source). Without
// them a stack trace still names each function and file, with the transpiled line numbers.
// tsx still inlines each module's map into its source: src/lib/loader-hooks.mjs takes it off
// (~1.7 MB of heap), and keeps tsx's loader thread small. SOURCE_MAPS=1 keeps the maps. Set
// before the modules load: an ES module graph is compiled, maps and all, before any of it runs.
import { register } from 'node:module';

const sourceMaps = process.env.SOURCE_MAPS === '1';
if (!sourceMaps) process.setSourceMapsEnabled(false);
register('./lib/loader-hooks.mjs', import.meta.url, { data: { dropSourceMaps: !sourceMaps } });
await import('./process.js');
