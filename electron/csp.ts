import { isAllowedNavigation } from './security.js';

/**
 * Defence in depth: the server sends its own policy, and the window adds this one to every admin response, so a
 * server bug that drops the header still leaves the page locked. When a response carries both, the browser
 * enforces both, so this policy must allow everything the admin UI needs and no more.
 * `style-src 'unsafe-inline'` is there because Svelte templates carry static `style="…"` attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export type ResponseHeaders = Record<string, string[]>;

/**
 * The headers of a response with our policy added next to any the server sent (same header name, whatever its
 * case), or unchanged for a response that does not come from the admin origin.
 */
export function withContentSecurityPolicy(
  url: string,
  headers: ResponseHeaders | undefined,
  adminOrigin: string,
  policy: string = CONTENT_SECURITY_POLICY,
): ResponseHeaders {
  const result: ResponseHeaders = { ...(headers ?? {}) };
  if (!isAllowedNavigation(url, adminOrigin)) return result;
  const key = Object.keys(result).find((k) => k.toLowerCase() === 'content-security-policy') ?? 'Content-Security-Policy';
  result[key] = [...(result[key] ?? []), policy];
  return result;
}
