/**
 * Google's root signing keys for callbacks, fetched from the keys URL and kept for as long as its Cache-Control
 * allows (max-age minus Age, like Tink's KeysDownloader). A signature no cached key accepts triggers one fresh
 * download (Google rotated its keys), at most once a minute whoever asks, so that forged callbacks cannot make us
 * hammer Google.
 */
import type { RootKey } from './ecv2.js';

export const GOOGLE_KEYS_URL = 'https://pay.google.com/gp/m/issuer/keys';
const DEFAULT_TTL_MS = 60 * 60_000;
const FORCED_REFRESH_GAP_MS = 60_000;
const TIMEOUT_MS = 10_000;

export interface RootKeysOptions {
  url: () => string;
  now: () => number;
  fetch?: typeof fetch;
}

export interface RootKeys {
  /** The cached keys, downloaded first if there are none or they are stale. Throws when Google cannot be reached. */
  get(): Promise<RootKey[]>;
  /** Downloads again unless a refresh was forced within the last minute; returns whether it downloaded. */
  refresh(): Promise<boolean>;
}

/** max-age minus Age, in ms; undefined when the response says nothing usable. */
export function cacheLifetime(cacheControl: string | null, age: string | null): number | undefined {
  if (!cacheControl) return undefined;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const m = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  if (!m) return undefined;
  const ageSeconds = age && /^\d+$/.test(age.trim()) ? Number(age.trim()) : 0;
  return Math.max(0, Number(m[1]) - ageSeconds) * 1000;
}

function parseKeys(json: unknown): RootKey[] {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('the keys document has no "keys" array');
  return keys.filter(
    (k): k is RootKey => k !== null && typeof k === 'object' && typeof (k as RootKey).keyValue === 'string' && typeof (k as RootKey).protocolVersion === 'string',
  );
}

export function createRootKeys(opts: RootKeysOptions): RootKeys {
  const doFetch = opts.fetch ?? fetch;
  let cached: { url: string; keys: RootKey[]; expiresAt: number } | undefined;
  let inflight: Promise<RootKey[]> | undefined;
  let lastForced = -Infinity;

  async function download(): Promise<RootKey[]> {
    const url = opts.url();
    const res = await doFetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`the keys URL answered ${res.status}`);
    const keys = parseKeys(await res.json());
    const at = opts.now();
    const ttl = cacheLifetime(res.headers.get('cache-control'), res.headers.get('age')) ?? DEFAULT_TTL_MS;
    cached = { url, keys, expiresAt: at + ttl };
    return keys;
  }

  const once = (): Promise<RootKey[]> => (inflight ??= download().finally(() => (inflight = undefined)));

  return {
    async get() {
      if (cached && cached.url === opts.url() && cached.expiresAt > opts.now()) return cached.keys;
      return once();
    },
    async refresh() {
      if (opts.now() - lastForced < FORCED_REFRESH_GAP_MS) return false;
      lastForced = opts.now();
      await once();
      return true;
    },
  };
}
