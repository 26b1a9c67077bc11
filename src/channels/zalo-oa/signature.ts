import { sha256Hex, safeEqual } from '../../lib/ids.js';

/**
 * Zalo OA webhook signature (platforms.md §2.6, §5): `mac=` + sha256 hex of
 * app id + raw body + timestamp + OA secret key. A plain SHA-256, not an HMAC.
 */
export function webhookSignature(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${sha256Hex(appId + rawBody + timestamp + oaSecretKey)}`;
}

export type SignatureCheck = 'ok' | 'missing' | 'mismatch';

/**
 * Checks X-ZEvent-Signature against the raw body. The timestamp comes from X-ZEvent-Timestamp
 * when Zalo sends it, else from the body's `timestamp` (both variants are seen in clients).
 */
export function checkWebhookSignature(input: {
  appId: string;
  oaSecretKey: string;
  rawBody: string;
  signature: string | undefined;
  timestampHeader: string | undefined;
}): SignatureCheck {
  if (!input.signature) return 'missing';
  const timestamp = input.timestampHeader ?? bodyTimestamp(input.rawBody);
  if (timestamp === undefined) return 'mismatch';
  const expected = webhookSignature(input.appId, input.rawBody, timestamp, input.oaSecretKey);
  return safeEqual(input.signature.trim(), expected) ? 'ok' : 'mismatch';
}

function bodyTimestamp(rawBody: string): string | undefined {
  try {
    const parsed = JSON.parse(rawBody) as { timestamp?: unknown };
    if (typeof parsed.timestamp === 'string' || typeof parsed.timestamp === 'number') return String(parsed.timestamp);
  } catch {
    // not JSON: no timestamp, so no valid signature
  }
  return undefined;
}
