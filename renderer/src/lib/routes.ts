/**
 * Hash routing (`#/customers`, `#/cards/12`, `#/login?reason=invalid-link`): the server serves one admin.html for the
 * admin UI. A page may take one detail segment (the id of what it shows).
 */
export const PAGES = ['dashboard', 'cards', 'customers', 'programme', 'stores', 'segments', 'campaigns', 'automations', 'scanner', 'settings'] as const;
export type Page = (typeof PAGES)[number];
/** `setup` is the first-run wizard: full screen, outside the app's frame; its detail names the step. */
export type Route = Page | 'login' | 'setup';

export const DEFAULT_PAGE: Page = 'dashboard';

const DETAIL = /^[A-Za-z0-9_-]{1,64}$/;

function isRoute(value: string): value is Route {
  return value === 'login' || value === 'setup' || (PAGES as readonly string[]).includes(value);
}

export function isPage(route: Route): route is Page {
  return route !== 'login' && route !== 'setup';
}

interface Location {
  route: Route;
  /** The segment after the page, e.g. `12` in `#/cards/12`; null on the page itself. */
  detail: string | null;
  query: URLSearchParams;
}

export function parseHash(hash: string): Location | null {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [route = '', detail, ...extra] = path.replace(/\/+$/, '').split('/');
  if (!isRoute(route) || extra.length > 0) return null;
  if (detail !== undefined && (route === 'login' || !DETAIL.test(detail))) return null;
  return { route, detail: detail ?? null, query: new URLSearchParams(search) };
}

export function routeHref(route: Route, query?: Record<string, string>, detail?: string | number): string {
  const search = query ? new URLSearchParams(query).toString() : '';
  const sub = detail === undefined ? '' : `/${encodeURIComponent(String(detail))}`;
  return `#/${route}${sub}${search ? `?${search}` : ''}`;
}
