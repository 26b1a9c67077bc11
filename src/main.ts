/** The entry point (`npm start`, which also sets V8's heap sizes: src/lib/memory-settings.ts). */

// tsx turns source maps on, and Node then keeps the map of every module it loads for the
// process's life (~2 MB of heap: drizzle's maps carry its whole TypeScript source). Without
// them a stack trace still names each function and file, with the transpiled line numbers.
// SOURCE_MAPS=1 keeps them. Set before the modules load: an ES module graph is compiled,
// maps and all, before any of it runs.
if (process.env.SOURCE_MAPS !== '1') process.setSourceMapsEnabled(false);
await import('./process.js');
