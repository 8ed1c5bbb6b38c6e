import { DEFAULT_PAGE, parseHash, routeHref, type Route } from '../routes';

export { isPage, PAGES, routeHref, type Page, type Route } from '../routes';

/** The current route, kept in step with `location.hash`. */
class Router {
  route = $state<Route>(DEFAULT_PAGE);
  /** What the page shows in detail (`12` in `#/cards/12`), or null. */
  detail = $state<string | null>(null);
  query = $state.raw(new URLSearchParams());

  constructor() {
    this.#sync();
    window.addEventListener('hashchange', () => this.#sync());
  }

  goto(route: Route, query?: Record<string, string>, detail?: string | number): void {
    const href = routeHref(route, query, detail);
    if (window.location.hash === href) return;
    window.location.hash = href;
    // hashchange is asynchronous; update at once so guards that run next see the new route.
    this.#apply(route, detail === undefined ? null : String(detail), new URLSearchParams(query));
  }

  #sync(): void {
    const parsed = parseHash(window.location.hash);
    if (!parsed) {
      history.replaceState(null, '', routeHref(DEFAULT_PAGE));
      this.#apply(DEFAULT_PAGE, null, new URLSearchParams());
      return;
    }
    this.#apply(parsed.route, parsed.detail, parsed.query);
  }

  #apply(route: Route, detail: string | null, query: URLSearchParams): void {
    this.route = route;
    this.detail = detail;
    if (query.toString() !== this.query.toString()) this.query = query;
  }
}

export const router = new Router();
