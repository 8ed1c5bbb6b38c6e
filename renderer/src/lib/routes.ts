/** Hash routing (`#/customers`, `#/login?reason=invalid-link`): the server serves one index.html for the admin UI. */
export const PAGES = ['dashboard', 'cards', 'customers', 'stores', 'segments', 'campaigns', 'scanner', 'settings'] as const;
export type Page = (typeof PAGES)[number];
export type Route = Page | 'login';

export const DEFAULT_PAGE: Page = 'dashboard';

function isRoute(value: string): value is Route {
  return value === 'login' || (PAGES as readonly string[]).includes(value);
}

export function isPage(route: Route): route is Page {
  return route !== 'login';
}

interface Location {
  route: Route;
  query: URLSearchParams;
}

export function parseHash(hash: string): Location | null {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const route = path.replace(/\/+$/, '');
  if (!isRoute(route)) return null;
  return { route, query: new URLSearchParams(search) };
}

export function routeHref(route: Route, query?: Record<string, string>): string {
  const search = query ? new URLSearchParams(query).toString() : '';
  return `#/${route}${search ? `?${search}` : ''}`;
}

