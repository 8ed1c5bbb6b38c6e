/**
 * The address a public request is counted under (rate limits, failure budgets). Behind a tunnel every request comes
 * from 127.0.0.1, and the tunnel reports the phone's address in X-Forwarded-For; but whatever the client itself
 * wrote in that header arrives too, at the left. Each proxy appends the address it was connected from, so only the
 * last `hops` entries were written by proxies we trust: the client is the entry `hops` places from the right (the
 * socket address counting as the first), or the leftmost entry when the chain is shorter. With 0 hops the header is
 * ignored. (This is proxy-addr's "trust the n nearest hops", without Fastify's trustProxy, which would also believe
 * X-Forwarded-Host and -Proto on the public listener.)
 *
 * An IPv6 client is counted by its /64: one home or phone gets a whole /64 and could walk through it.
 */
import { isIP } from 'node:net';

const MAX_ENTRY = 64;

/** The part of an address that identifies one client: IPv4 as is, IPv6 by its /64, anything else as sent (bounded). */
export function addressKey(raw: string): string {
  let a = raw.trim();
  if (a.startsWith('[')) a = a.slice(1, a.indexOf(']') === -1 ? undefined : a.indexOf(']'));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1]!;
  const kind = isIP(a);
  if (kind === 4) return a;
  if (kind === 6) return `${ipv6Groups(a).slice(0, 4).join(':')}::/64`;
  return `other:${a.slice(0, MAX_ENTRY)}`;
}

/** The eight 16-bit groups of an IPv6 address (valid per isIP), as lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const parse = (part: string): string[] => {
    if (part === '') return [];
    const groups = part.split(':');
    const last = groups[groups.length - 1] ?? '';
    if (last.includes('.')) {
      // An embedded IPv4 (::1.2.3.4) is the last two groups.
      const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
      groups.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    }
    return groups.map((g) => parseInt(g, 16).toString(16));
  };
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}

/** The client's address as the trusted proxies report it (see above), keyed by addressKey. */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const socket = socketAddress ?? 'unknown';
  if (hops <= 0 || forwardedFor === undefined) return addressKey(socket);
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const entries = header.split(',').map((e) => e.trim()).filter((e) => e !== '');
  // Nearest first: the socket, then X-Forwarded-For from the right.
  const chain = [socket, ...entries.slice(-hops).reverse()];
  return addressKey(chain[Math.min(hops, chain.length - 1)]!);
}
