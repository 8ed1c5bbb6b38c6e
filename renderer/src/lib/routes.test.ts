import { describe, expect, test } from 'vitest';
import { parseHash, routeHref } from './routes';

describe('hash routes', () => {
  test('reads the page and its query', () => {
    expect(parseHash('#/customers')?.route).toBe('customers');
    const login = parseHash('#/login?reason=invalid-link');
    expect(login?.route).toBe('login');
    expect(login?.query.get('reason')).toBe('invalid-link');
    expect(parseHash('#/stores/')?.route).toBe('stores');
  });

  test('refuses what is not a page, so the router can fall back to the dashboard', () => {
    for (const hash of ['', '#', '#/', '#/nope', '#main', '#/__proto__', '#/constructor']) expect(parseHash(hash)).toBeNull();
  });

  test('writes links the parser reads back', () => {
    expect(routeHref('settings')).toBe('#/settings');
    const href = routeHref('login', { reason: 'invalid-link' });
    expect(parseHash(href)?.query.get('reason')).toBe('invalid-link');
  });
});
