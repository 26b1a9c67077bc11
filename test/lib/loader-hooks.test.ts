import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROBE = fileURLToPath(new URL('../fixtures/loader-hooks-probe.mts', import.meta.url));
const TSX = new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url).href;

function probe(dropSourceMaps: boolean): { exports: number; dependency: string; sourceMapURL: string | null } {
  const out = execFileSync(process.execPath, ['--import', TSX, PROBE], { env: { ...process.env, DROP_SOURCE_MAPS: dropSourceMaps ? '1' : '0' }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { exports: number; dependency: string; sourceMapURL: string | null };
}

describe("npm start's loader hooks (src/lib/loader-hooks.mjs), with the real tsx", () => {
  it('take the inline source map off a TypeScript module, which still loads and runs, and load dependencies without tsx', () => {
    const { exports, dependency, sourceMapURL } = probe(true);
    expect(exports).toBeGreaterThan(0);
    expect(dependency).toBe('ok'); // hono, an ES module read by the hook itself
    expect(sourceMapURL ?? '').toBe('');
  });

  it('keep it when source maps are asked for (SOURCE_MAPS=1)', () => {
    expect(probe(false).sourceMapURL).toMatch(/^data:application\/json;base64,/);
  });
});
