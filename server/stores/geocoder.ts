/**
 * Address search through Nominatim, from the server: the admin page's CSP stays closed to other origins, and the
 * usage policy (at most one request per second, an identifying User-Agent) is enforced here, in one place, for the
 * UI and the CLI alike. A failure is reported, never in the way: a store is saved with its pin wherever it is.
 */
import { AppError } from '../errors.js';
import type { GeocodeResult } from './schemas.js';

export interface GeocoderDeps {
  /** The Nominatim base URL (setting geocoder.url). */
  baseUrl: () => string;
  userAgent: () => string;
  now?: () => number;
  /** Waits (tests pass a fake clock's wait). */
  sleep?: (ms: number) => Promise<void>;
  minIntervalMs?: number;
  timeoutMs?: number;
}

interface NominatimPlace {
  lat: string;
  lon: string;
  display_name?: string;
  address?: Record<string, string | undefined>;
}

const unavailable = (why: string) =>
  new AppError('GEOCODER_UNAVAILABLE', `Address search is unavailable (${why}). Place the pin on the map instead.`, 503);

function toResult(p: NominatimPlace): GeocodeResult | undefined {
  const latitude = Number(p.lat);
  const longitude = Number(p.lon);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  const a = p.address ?? {};
  const street = [a.house_number, a.road ?? a.pedestrian ?? a.square].filter(Boolean).join(' ');
  return {
    label: String(p.display_name ?? street).slice(0, 300),
    latitude,
    longitude,
    address: street.slice(0, 200),
    postcode: String(a.postcode ?? '').slice(0, 12),
    city: String(a.city ?? a.town ?? a.village ?? a.municipality ?? '').slice(0, 100),
    country: String(a.country_code ?? '').toUpperCase().slice(0, 2),
  };
}

export function createGeocoder(deps: GeocoderDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = deps.minIntervalMs ?? 1_000;
  // Requests leave one after the other, each at least `interval` after the previous one was answered: measured from
  // the answer, the server never sees two requests closer than that, whatever the network did to the first.
  let chain: Promise<unknown> = Promise.resolve();
  let lastAt = -Infinity;

  async function send(query: string, limit: number): Promise<GeocodeResult[]> {
    const wait = lastAt + interval - now();
    if (wait > 0) await sleep(wait);
    try {
      return await request(query, limit);
    } finally {
      lastAt = now();
    }
  }

  async function request(query: string, limit: number): Promise<GeocodeResult[]> {
    const url = new URL('search', deps.baseUrl().replace(/\/?$/, '/'));
    url.search = new URLSearchParams({ q: query, format: 'jsonv2', addressdetails: '1', limit: String(limit) }).toString();
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'user-agent': deps.userAgent(), accept: 'application/json', 'accept-language': 'fr,en' },
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw unavailable((err as Error).name === 'TimeoutError' ? 'no answer within 10 s' : 'cannot reach the server');
    }
    if (!response.ok) throw unavailable(`HTTP ${response.status}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw unavailable('unexpected answer');
    }
    if (!Array.isArray(body)) throw unavailable('unexpected answer');
    return (body as NominatimPlace[]).flatMap((p) => toResult(p) ?? []);
  }

  return {
    search(query: string, limit = 5): Promise<GeocodeResult[]> {
      const q = query.trim();
      if (q.length < 3) return Promise.resolve([]);
      const result = chain.then(() => send(q, limit));
      chain = result.catch(() => undefined);
      return result;
    },
  };
}

export type Geocoder = ReturnType<typeof createGeocoder>;
