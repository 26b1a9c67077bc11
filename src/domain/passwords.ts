import { randomBytes, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes for the dashboard sign-in: scrypt with a random salt, stored as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url) so the cost can rise later
 * without breaking the hashes already stored.
 */
const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = derive(password, salt, COST, KEY_LENGTH);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time check; a malformed stored value is simply "no match". */
export function verifyPassword(password: string, stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = derive(password, parsed.salt, parsed.cost, parsed.hash.length);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

let dummyHash: string | undefined;
/** A hash of nothing in particular: checking an unknown user against it costs as much as a real check. */
export function dummyPasswordHash(): string {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

type Cost = { N: number; r: number; p: number };

function derive(password: string, salt: Buffer, cost: Cost, keyLength: number): Buffer {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return scryptSync(password.normalize('NFC'), salt, keyLength, options);
}

function parseHash(stored: string): { cost: Cost; salt: Buffer; hash: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid = (n: number) => Number.isInteger(n) && n > 0;
  // Refuse absurd costs a tampered row could use to stall the process.
  if (!valid(N) || !valid(r) || !valid(p) || N > 1 << 20 || r > 32 || p > 16 || (N & (N - 1)) !== 0) return undefined;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const hash = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length === 0 || hash.length < 16) return undefined;
  return { cost: { N, r, p }, salt, hash };
}
