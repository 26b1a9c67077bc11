import type { Ctx } from '../domain/context.js';

/** Placeholder until the demo seed lands (issue 2, item 5). */
export function seedDemoData(_ctx: Ctx): { units: number } | undefined {
  return undefined;
}
