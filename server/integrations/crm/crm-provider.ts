/** What a CRM connector does, whichever CRM: test the connection, push a profile, push an event. */
import { outbound, OutboundError, retryAfter, type OutboundResponse } from '../outbound/outbound.js';
import type { CrmProviderId } from './crm-repository.js';

/** A customer as the CRMs see them: identity and the wallet and loyalty facts they segment on. */
export interface CrmProfile {
  email: string;
  /** The shop's own id of the customer (set through the API), if any. */
  externalId: string | null;
  memberId: string;
  firstName: string;
  lastName: string;
  walletInstalled: boolean;
  /** Wallets the card is in now: 'apple', 'google', 'apple,google' or ''. */
  walletPlatforms: string;
  points: number;
  tier: string;
  tierName: string;
}

export const CRM_EVENTS = {
  'card.installed': { klaviyo: 'Wallet card installed', brevo: 'wallet_card_installed' },
  'card.uninstalled': { klaviyo: 'Wallet card removed', brevo: 'wallet_card_removed' },
  'tier.changed': { klaviyo: 'Loyalty tier reached', brevo: 'loyalty_tier_reached' },
  'reward.redeemed': { klaviyo: 'Loyalty reward redeemed', brevo: 'loyalty_reward_redeemed' },
} as const;
export type CrmEventKind = keyof typeof CRM_EVENTS;

export interface CrmEvent {
  kind: CrmEventKind;
  email: string;
  /** Unique per event: a retried push is one event in the CRM (Klaviyo's unique_id). */
  uniqueId: string;
  time: number;
  properties: Record<string, string | number | boolean>;
}

export interface CrmConnection {
  apiKey: string;
  baseUrl: string;
}

export type CrmResult =
  | { ok: true }
  /** `auth`: the CRM refused the key (every further call would fail the same way). */
  | { ok: false; retry: boolean; error: string; at?: number; auth?: boolean };

export interface CrmProvider {
  id: CrmProviderId;
  label: string;
  defaultBaseUrl: string;
  /** Requests per second this connector keeps to (under the CRM's documented steady limits). */
  ratePerSecond: number;
  test(conn: CrmConnection, signal?: AbortSignal): Promise<{ ok: boolean; message: string }>;
  pushProfile(conn: CrmConnection, profile: CrmProfile, signal?: AbortSignal): Promise<CrmResult>;
  pushEvent(conn: CrmConnection, event: CrmEvent, signal?: AbortSignal): Promise<CrmResult>;
}

export const CRM_TIMEOUT_MS = 15_000;

export async function call(
  conn: CrmConnection,
  path: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: unknown; signal?: AbortSignal | undefined },
): Promise<OutboundResponse | { error: string }> {
  try {
    return await outbound(`${conn.baseUrl.replace(/\/+$/, '')}${path}`, {
      method: init.method,
      headers: init.headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      timeoutMs: CRM_TIMEOUT_MS,
      maxBytes: 32 * 1024,
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (err) {
    return { error: err instanceof OutboundError ? err.message : String(err) };
  }
}

/** A CRM's answer as an outcome: 2xx ok; 401/403 the key; 429 and 5xx later; other 4xx never (the request is wrong). */
export function resultOf(res: OutboundResponse | { error: string }, detail: (body: string) => string, now = Date.now()): CrmResult {
  if ('error' in res) return { ok: false, retry: true, error: res.error };
  if (res.redirectedTo) return { ok: false, retry: false, error: `redirected to ${res.redirectedTo} (not followed: check the base URL)` };
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const why = `${res.status}: ${detail(res.body)}`.slice(0, 300);
  if (res.status === 401 || res.status === 403) return { ok: false, retry: false, auth: true, error: `the API key was refused (${why})` };
  if (res.status === 429) {
    // Brevo says when its window resets in x-sib-ratelimit-reset (seconds) rather than Retry-After.
    const reset = res.headers.get('x-sib-ratelimit-reset');
    const at = retryAfter(res.headers, now) ?? (reset && /^\d{1,6}$/.test(reset) ? now + Number(reset) * 1000 : undefined);
    return { ok: false, retry: true, error: `rate limited (${why})`, ...(at !== undefined ? { at } : {}) };
  }
  if (res.status >= 500 || res.status === 408) return { ok: false, retry: true, error: why };
  return { ok: false, retry: false, error: why };
}
