import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Each worker keeps its module cache from one test file to the next: importing the app anew
    // for each of ~100 files took ~2 of the run's 6 minutes. Every test builds its own service
    // over its own SQLite file, so no state is meant to cross files; a shuffled run
    // (--sequence.shuffle.files) passes as the ordered one does.
    isolate: false,
  },
});
