import { DEFAULT_PAGE, parseHash, routeHref, type Route } from '../routes';

export { isPage, PAGES, routeHref, type Page, type Route } from '../routes';

/** The current route, kept in step with `location.hash`. */
class Router {
  route = $state<Route>(DEFAULT_PAGE);
  query = $state.raw(new URLSearchParams());

  constructor() {
    this.#sync();
    window.addEventListener('hashchange', () => this.#sync());
  }

  goto(route: Route, query?: Record<string, string>): void {
    const href = routeHref(route, query);
    if (window.location.hash === href) return;
    window.location.hash = href;
    // hashchange is asynchronous; update at once so guards that run next see the new route.
    this.#apply(route, new URLSearchParams(query));
  }

  #sync(): void {
    const parsed = parseHash(window.location.hash);
    if (!parsed) {
      history.replaceState(null, '', routeHref(DEFAULT_PAGE));
      this.#apply(DEFAULT_PAGE, new URLSearchParams());
      return;
    }
    this.#apply(parsed.route, parsed.query);
  }

  #apply(route: Route, query: URLSearchParams): void {
    this.route = route;
    if (query.toString() !== this.query.toString()) this.query = query;
  }
}

export const router = new Router();
