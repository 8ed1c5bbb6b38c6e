/**
 * DNS-rebinding defence for the admin listener: a page on evil.example that resolves to 127.0.0.1 reaches our port
 * with `Host: evil.example`; a cross-site form or fetch carries a foreign `Origin`. Both are refused.
 */
export function allowedAdminHosts(port: number, extra: readonly string[]): Set<string> {
  const hosts = new Set<string>();
  for (const name of ['127.0.0.1', 'localhost', '[::1]']) hosts.add(`${name}:${port}`);
  for (const h of extra) {
    const lower = h.toLowerCase();
    hosts.add(lower.includes(':') && !lower.startsWith('[') ? lower : `${lower}:${port}`);
    hosts.add(lower);
  }
  return hosts;
}

export type HostCheck = { ok: true } | { ok: false; reason: 'HOST_NOT_ALLOWED' | 'ORIGIN_NOT_ALLOWED' };

export function checkHostAndOrigin(
  allowed: ReadonlySet<string>,
  host: string | undefined,
  origin: string | undefined,
): HostCheck {
  if (!host || !allowed.has(host.toLowerCase())) return { ok: false, reason: 'HOST_NOT_ALLOWED' };
  if (origin === undefined) return { ok: true };
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return { ok: false, reason: 'ORIGIN_NOT_ALLOWED' };
  }
  const schemeOk = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  if (!schemeOk || !allowed.has(parsed.host.toLowerCase())) return { ok: false, reason: 'ORIGIN_NOT_ALLOWED' };
  return { ok: true };
}
