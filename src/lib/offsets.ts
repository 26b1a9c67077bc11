/** Reminder offsets relative to a due time: "-7d", "-3d", "-12h", "0d", "+1d", "+30m". */

const OFFSET = /^([+-]?)(\d{1,4})([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

export function isOffset(s: string): boolean {
  return OFFSET.test(s);
}

export function offsetToMs(s: string): number {
  const m = OFFSET.exec(s);
  if (!m) throw new Error(`not an offset: ${s}`);
  const sign = m[1] === '-' ? -1 : 1;
  return sign * Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS];
}

export function sortOffsets(offsets: string[]): string[] {
  return [...new Set(offsets)].sort((a, b) => offsetToMs(a) - offsetToMs(b));
}
