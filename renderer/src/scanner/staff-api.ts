/** The staff phone's API: /staff/api with the session token of the PIN login (kept for the tab's life only). */
import { call, PublicError } from '../public/http';
import type { TillApi } from '../till/till-api';

const KEY = 'passerelle.staff';

export interface StaffSession {
  token: string;
  name: string;
  expiresAt: number;
}

export function savedSession(): StaffSession | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as StaffSession | null;
    return s && s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: StaffSession | null): void {
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Private mode: the session lasts as long as the page.
  }
}

export const login = (name: string, pin: string) => call<StaffSession>('POST', '/staff/api/login', { name, pin });

export function staffApi(session: StaffSession): TillApi & { logout(): Promise<void> } {
  const auth = { authorization: `Staff ${session.token}` };
  const get = <T>(path: string) => call<T>('GET', `/staff/api${path}`, undefined, auth);
  const post = <T>(path: string, body: unknown) => call<T>('POST', `/staff/api${path}`, body, auth);
  return {
    lookup: (code) => get(`/lookup?code=${encodeURIComponent(code)}`),
    stores: () => get('/stores'),
    recordPurchase: (id, body) => post(`/customers/${id}/purchases`, body),
    redeemReward: (id, rewardId, requestId) => post(`/customers/${id}/rewards/${rewardId}/redeem`, { requestId }),
    redeemCoupon: (code) => post('/coupons/redeem', { code }),
    logout: () => call<void>('POST', '/staff/api/logout', undefined, auth).catch(() => undefined),
  };
}

export { PublicError };
