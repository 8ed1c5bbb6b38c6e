import { describe, expect, test } from 'vitest';
import { isPage, parseHash, routeHref } from './routes';

describe('hash routes', () => {
  test('reads the page and its query', () => {
    expect(parseHash('#/customers')?.route).toBe('customers');
    expect(parseHash('#/customers')?.detail).toBeNull();
    const login = parseHash('#/login?reason=invalid-link');
    expect(login?.route).toBe('login');
    expect(login?.query.get('reason')).toBe('invalid-link');
    expect(parseHash('#/stores/')?.route).toBe('stores');
  });

  test('reads one detail segment after a page', () => {
    const design = parseHash('#/cards/12');
    expect(design?.route).toBe('cards');
    expect(design?.detail).toBe('12');
    expect(parseHash('#/cards/12/')?.detail).toBe('12');
  });

  test('refuses what is not a page, so the router can fall back to the dashboard', () => {
    for (const hash of ['', '#', '#/', '#/nope', '#main', '#/__proto__', '#/constructor', '#/cards/1/2', '#/cards/a b', '#/login/x']) {
      expect(parseHash(hash), hash).toBeNull();
    }
  });

  test('the setup wizard is a route with its step as detail, not a page of the app frame', () => {
    expect(parseHash('#/setup/apple')).toMatchObject({ route: 'setup', detail: 'apple' });
    expect(isPage('setup')).toBe(false);
    expect(isPage('settings')).toBe(true);
  });

  test('writes links the parser reads back', () => {
    expect(routeHref('settings')).toBe('#/settings');
    const href = routeHref('login', { reason: 'invalid-link' });
    expect(parseHash(href)?.query.get('reason')).toBe('invalid-link');
    expect(routeHref('cards', undefined, 7)).toBe('#/cards/7');
    expect(parseHash(routeHref('cards', undefined, 7))?.detail).toBe('7');
  });
});
