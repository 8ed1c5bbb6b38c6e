/**
 * Every "may this URL / this page do that?" decision of the desktop shell. Inputs come from web content, so they
 * are `unknown` or untrusted strings and are parsed with the WHATWG URL parser, the one Chromium itself uses:
 * comparing parsed origins, never string prefixes, is what defeats `http://127.0.0.1:4380@evil.example`.
 */

/** Long enough for any real link, short enough that a page cannot hand the OS a megabyte of "URL". */
const MAX_EXTERNAL_URL_LENGTH = 2048;

function parse(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The origin of the admin listener, or null when `adminUrl` is not an http(s) URL. */
export function originOf(adminUrl: string): string | null {
  const url = parse(adminUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return url.origin;
}

/** True only for an http(s) URL without credentials whose origin is exactly the admin origin. */
export function isAllowedNavigation(url: unknown, adminOrigin: string): boolean {
  const target = parse(url);
  const expected = originOf(adminOrigin);
  if (!target || expected === null) return false;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  if (target.username !== '' || target.password !== '') return false;
  return target.origin === expected;
}

/**
 * The normalized form of a URL the system browser may open, or null. Only https: plain http would leave the
 * shop's network traffic readable, and every other scheme (file:, javascript:, custom protocol handlers) can
 * run or open something local. Credentials are refused because `https://bank.example@evil.example` is a lure.
 */
export function toSafeExternalUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_EXTERNAL_URL_LENGTH) return null;
  const url = parse(value);
  if (!url || url.protocol !== 'https:' || url.hostname === '') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}

export function isSafeExternalUrl(value: unknown): boolean {
  return toSafeExternalUrl(value) !== null;
}

export type NavigationDecision = { action: 'allow' } | { action: 'deny' } | { action: 'open-external'; url: string };

/**
 * What to do when a page tries to go to `url`. Only a navigation the user can start (a link in the main frame, or
 * `window.open`) may be handed to the system browser; redirects and sub-frames never open anything.
 */
export function decideNavigation(url: unknown, adminOrigin: string, opts: { mayOpenExternal: boolean }): NavigationDecision {
  if (isAllowedNavigation(url, adminOrigin)) return { action: 'allow' };
  if (opts.mayOpenExternal) {
    const external = toSafeExternalUrl(url);
    if (external !== null) return { action: 'open-external', url: external };
  }
  return { action: 'deny' };
}

/** IPC is answered only for frames showing the admin UI, never for a frame that navigated elsewhere. */
export function isTrustedSender(frameUrl: string | null | undefined, adminOrigin: string): boolean {
  return isAllowedNavigation(frameUrl, adminOrigin);
}

/**
 * Web permissions: none, with one exception. Writing to the clipboard (a "copy" button in the admin UI) is
 * harmless and the renderer uses the same `navigator.clipboard.writeText` in browser mode; reading it is refused.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined, adminOrigin: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAllowedNavigation(requestingUrl, adminOrigin);
}
