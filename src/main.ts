/** The entry point (`npm start`, which also sets V8's heap sizes: src/lib/memory-settings.ts). */
import './process.js';
