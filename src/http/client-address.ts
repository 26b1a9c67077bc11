import type { Context } from 'hono';

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } };

const normalize = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * The client's address: the socket's, unless the socket is one of the configured trusted
 * proxies, in which case the nearest X-Forwarded-For hop that is not itself a trusted proxy.
 * Without trusted proxies the header is ignored: anyone can write it.
 */
export function clientAddress(c: Context, trustedProxies: readonly string[]): string {
  const socket = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
  const direct = socket ? normalize(socket) : 'unknown';
  if (trustedProxies.length === 0 || !trustedProxies.includes(direct)) return direct;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => normalize(h.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  }
  return direct;
}
