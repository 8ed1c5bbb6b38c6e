/**
 * Whether an address phones are given can work for them: Wallet talks only to https:// web services (an http:// one
 * is refused unless the iPhone is in developer mode), and a loopback or private-network address is out of reach of a
 * phone on mobile data. Every place that hands out a QR code, a poster or a pass warns with this.
 */
import { isIP } from 'node:net';

/** Why phones could not use the address; none when it looks fine. */
export type PublicUrlIssue = 'http' | 'local';

function isPrivateIpv4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

function isPrivateIpv6(ip: string): boolean {
  const lower = ip.toLowerCase();
  if (lower === '::1' || lower === '::') return true;
  if (lower.startsWith('::ffff:')) return isPrivateIpv4(lower.slice(7));
  return /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}

/** Loopback, private, link-local or carrier-grade NAT addresses and names that only resolve on this network. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const kind = isIP(host);
  if (kind === 4) return isPrivateIpv4(host);
  if (kind === 6) return isPrivateIpv6(host);
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.lan') || host.endsWith('.internal') || !host.includes('.');
}

export function publicUrlIssue(url: string): PublicUrlIssue | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'local';
  }
  if (isLocalHost(parsed.hostname)) return 'local';
  if (parsed.protocol !== 'https:') return 'http';
  return undefined;
}

/** One sentence for the command line (the UI has its own words, in French and English). */
export function publicUrlWarning(url: string): string | undefined {
  switch (publicUrlIssue(url)) {
    case 'local':
      return `Warning: ${url} is an address of this computer or this network; phones elsewhere cannot open it. Set the public address first (Settings → Public address).`;
    case 'http':
      return `Warning: ${url} is not https://; iPhones refuse to add or update a card from it. Set an https:// public address first (Settings → Public address).`;
    default:
      return undefined;
  }
}
