import { isIP } from 'node:net';
import type { Context } from 'hono';

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } };

/** `::ffff:192.0.2.1` (a dual-stack socket's view of an IPv4 peer) is the same client as `192.0.2.1`. */
const unmapped = (address: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address);

/** The peer of the TCP connection; in tests the third argument of `app.request` supplies it. */
export function socketAddress(c: Context): string {
  const env = c.env as NodeBindings | undefined;
  const address = env?.incoming?.socket?.remoteAddress ?? env?.server?.incoming?.socket?.remoteAddress;
  return address ? unmapped(address) : 'unknown';
}

/**
 * The client's address: the one value that sign-in throttling, the registration limit and usage counting
 * all key on. Behind a trusted reverse proxy (KAIFANG_TRUST_PROXY=1) it is the last X-Forwarded-For
 * entry, the address the proxy itself saw: the entries to its left were sent by the client and can say
 * anything, so taking the first would let one client pose as many (escaping per-address limits and
 * multiplying unique consumers). A malformed last entry means a misconfigured proxy: the socket is used.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (last && isIP(last)) return unmapped(last);
  }
  return socketAddress(c);
}

/**
 * What per-address limits count: an IPv6 client usually holds a whole /64 and can pick a new address in it
 * for every request, so IPv6 addresses are limited per /64; IPv4 addresses as they are.
 */
export function addressLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
