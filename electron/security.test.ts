import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  isAllowedNavigation,
  isPermissionAllowed,
  isSafeExternalUrl,
  isTrustedSender,
  originOf,
  toSafeExternalUrl,
} from './security.js';

const ADMIN = 'http://127.0.0.1:4380';

describe('isAllowedNavigation', () => {
  it.each([
    'http://127.0.0.1:4380/',
    'http://127.0.0.1:4380',
    'http://127.0.0.1:4380/#/customers?id=3',
    'http://127.0.0.1:4380/login?token=abc',
    'HTTP://127.0.0.1:4380/settings',
    // A backslash is a path separator in http URLs: this stays on 127.0.0.1.
    'http://127.0.0.1:4380\\@evil.example',
  ])('allows the admin origin: %s', (url) => {
    expect(isAllowedNavigation(url, ADMIN)).toBe(true);
  });

  it.each([
    ['credentials that look like the admin host', 'http://127.0.0.1:4380@evil.example/'],
    ['credentials on the admin host itself', 'http://user:pass@127.0.0.1:4380/'],
    ['a look-alike subdomain', 'http://127.0.0.1.evil.example:4380/'],
    ['another port (the public listener)', 'http://127.0.0.1:4381/'],
    ['the default port', 'http://127.0.0.1/'],
    ['localhost instead of 127.0.0.1', 'http://localhost:4380/'],
    ['https instead of http', 'https://127.0.0.1:4380/'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: naming the admin URL', 'javascript://127.0.0.1:4380/%0aalert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob: of the admin origin', 'blob:http://127.0.0.1:4380/7f1c1e0a-1111-4c4c-9d9d-000000000000'],
    ['view-source:', 'view-source:http://127.0.0.1:4380/'],
    ['about:blank', 'about:blank'],
    ['a relative URL', '/settings'],
    ['an external https site', 'https://evil.example/?next=http://127.0.0.1:4380/'],
    ['an invalid port', 'http://127.0.0.1:4380.evil.example/'],
    ['an empty string', ''],
  ])('denies %s', (_why, url) => {
    expect(isAllowedNavigation(url, ADMIN)).toBe(false);
  });

  it('denies anything that is not a string', () => {
    for (const value of [undefined, null, 42, {}, new URL(ADMIN)]) expect(isAllowedNavigation(value, ADMIN)).toBe(false);
  });

  it('denies everything when the admin origin itself is unusable', () => {
    expect(isAllowedNavigation('file:///x', 'file:///x')).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:4380/', 'not a url')).toBe(false);
  });

  it('treats an admin URL with a trailing slash as the same origin', () => {
    expect(isAllowedNavigation('http://127.0.0.1:4380/x', 'http://127.0.0.1:4380/')).toBe(true);
  });
});

describe('originOf', () => {
  it('gives the origin of an http(s) URL and null otherwise', () => {
    expect(originOf('http://127.0.0.1:4380/login')).toBe('http://127.0.0.1:4380');
    expect(originOf('file:///tmp')).toBeNull();
    expect(originOf('nope')).toBeNull();
  });
});

describe('toSafeExternalUrl / isSafeExternalUrl', () => {
  it('accepts https links and returns them normalized', () => {
    expect(toSafeExternalUrl('https://developer.apple.com/wallet/')).toBe('https://developer.apple.com/wallet/');
    expect(toSafeExternalUrl('HTTPS://Pay.Google.com')).toBe('https://pay.google.com/');
    expect(isSafeExternalUrl('https://example.com/a?b=c#d')).toBe(true);
  });

  it.each([
    ['plain http', 'http://example.com/'],
    ['credentials (a phishing lure)', 'https://bank.example@evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///C:/Windows/System32/calc.exe'],
    ['a custom protocol handler', 'ms-settings:privacy'],
    ['smb:', 'smb://evil.example/share'],
    ['mailto:', 'mailto:someone@example.com'],
    ['not a URL', 'developer.apple.com'],
    ['a huge URL', `https://example.com/${'a'.repeat(5000)}`],
  ])('refuses %s', (_why, url) => {
    expect(toSafeExternalUrl(url)).toBeNull();
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    for (const value of [undefined, null, 1, ['https://example.com'], { href: 'https://example.com' }]) {
      expect(isSafeExternalUrl(value)).toBe(false);
    }
  });
});

describe('decideNavigation', () => {
  it('allows the admin origin', () => {
    expect(decideNavigation('http://127.0.0.1:4380/#/passes', ADMIN, { mayOpenExternal: true })).toEqual({ action: 'allow' });
  });

  it('hands an https link to the system browser when the user may open one', () => {
    expect(decideNavigation('https://example.com/help', ADMIN, { mayOpenExternal: true })).toEqual({
      action: 'open-external',
      url: 'https://example.com/help',
    });
  });

  it('denies an https link in a context that must not open anything (sub-frame, redirect)', () => {
    expect(decideNavigation('https://example.com/help', ADMIN, { mayOpenExternal: false })).toEqual({ action: 'deny' });
  });

  it('denies http, other ports and other schemes outright', () => {
    for (const url of ['http://example.com/', 'http://127.0.0.1:4381/', 'file:///etc/passwd', 'javascript:void 0']) {
      expect(decideNavigation(url, ADMIN, { mayOpenExternal: true })).toEqual({ action: 'deny' });
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts only frames on the admin origin', () => {
    expect(isTrustedSender('http://127.0.0.1:4380/#/settings', ADMIN)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:4381/enrol', ADMIN)).toBe(false);
    expect(isTrustedSender('https://evil.example/', ADMIN)).toBe(false);
    expect(isTrustedSender(undefined, ADMIN)).toBe(false);
    expect(isTrustedSender(null, ADMIN)).toBe(false);
  });
});

describe('isPermissionAllowed', () => {
  it('allows writing the clipboard from the admin origin only', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'http://127.0.0.1:4380/#/x', ADMIN)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'http://127.0.0.1:4380', ADMIN)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', ADMIN)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, ADMIN)).toBe(false);
  });

  it.each(['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'usb', 'unknown'])(
    'denies %s even to the admin origin',
    (permission) => {
      expect(isPermissionAllowed(permission, 'http://127.0.0.1:4380/', ADMIN)).toBe(false);
    },
  );
});
