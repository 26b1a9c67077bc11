/** V8's gc() for the calling thread, or undefined where the engine has none. */
export function fullCollection(): (() => void) | undefined;
