import { createHash } from 'node:crypto';
import { randomSecret } from '../../lib/ids.js';

/** RFC 7636: a 43-character verifier (32 random bytes, base64url) and its S256 challenge. */
export function pkceVerifier(): string {
  return randomSecret(32);
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** The `state` of the permission link: unguessable, tied to one staff user's request. */
export function oauthState(): string {
  return randomSecret(24);
}
