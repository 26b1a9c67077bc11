/**
 * The entry point (`npm start`). The memory settings come first, before any other module is
 * even loaded: static imports would load the whole service before this file's first line runs.
 */
import './lib/memory-settings.js';

await import('./process.js');
