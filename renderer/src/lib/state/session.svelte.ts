import { api } from '../api';
import type { SessionInfo } from '../contract';
import { isPage, PAGES, router, type Page, type Route } from './router.svelte';

export type SessionStatus = 'checking' | 'signedIn' | 'signedOut' | 'unreachable';

// Where to go back after signing in again. Kept in sessionStorage because the login link reloads the whole page.
const RETURN_KEY = 'passerelle.returnTo';

function takeReturnPage(): Page | 'setup' | null {
  try {
    const stored = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return [...PAGES, 'setup'].includes(stored ?? '') ? (stored as Page | 'setup') : null;
  } catch {
    return null;
  }
}

function keepReturnPage(page: Page | 'setup' | null): void {
  try {
    if (page) sessionStorage.setItem(RETURN_KEY, page);
    else sessionStorage.removeItem(RETURN_KEY);
  } catch {
    // Without storage the user simply lands on the dashboard.
  }
}

class Session {
  status = $state<SessionStatus>('checking');
  info = $state.raw<SessionInfo | null>(null);
  /** Set when an API call answered 401 while the user was working, so the login page can say why. */
  expiredWhileWorking = $state(false);

  async check(): Promise<void> {
    this.status = 'checking';
    try {
      const info = await api.getSession();
      this.info = info;
      if (info.authenticated) this.#enter();
      else this.#leave();
    } catch {
      this.status = 'unreachable';
    }
  }

  /** After a successful password login. */
  async signedIn(): Promise<void> {
    this.expiredWhileWorking = false;
    await this.check();
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      this.expiredWhileWorking = false;
      this.#leave();
      keepReturnPage(null);
    }
  }

  /** An API call answered 401. */
  expired(): void {
    if (this.status !== 'signedIn') return;
    this.expiredWhileWorking = true;
    this.#leave();
  }

  #enter(): void {
    this.status = 'signedIn';
    this.expiredWhileWorking = false;
    const back = takeReturnPage();
    if (back) router.goto(back);
    else if (router.route === 'login') router.goto('dashboard');
  }

  #leave(): void {
    const here: Route = router.route;
    if (isPage(here) || here === 'setup') keepReturnPage(here);
    this.status = 'signedOut';
    if (router.route !== 'login') router.goto('login');
  }
}

export const session = new Session();
