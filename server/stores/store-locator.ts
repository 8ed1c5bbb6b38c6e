/**
 * Which stores a customer's card lists, nearest first, and what they are measured from: the preferred store, else the
 * customer's own coordinates, else their postcode, city or département (the coordinates of our stores there: no
 * offline table of French postcode centroids ships in a maintained npm package), else the brand's busiest stores.
 * One locator per stores revision: the index and lookups are built once and reused until a store changes.
 */
import { MAX_CARD_LOCATIONS } from '../passes/design/card-locations.js';
import { createNearestIndex, type NearestIndex } from './nearest-index.js';
import type { StoredStore } from './stores-repository.js';

export type NearestBasis = 'preferredStore' | 'home' | 'postcode' | 'city' | 'department' | 'busiest' | 'none';

export interface CustomerAnchor {
  preferredLatitude: number | null;
  preferredLongitude: number | null;
  latitude: number | null;
  longitude: number | null;
  postcode: string;
  city: string;
}

export interface NearestList {
  basis: NearestBasis;
  storeIds: number[];
}

/** Accents, case and punctuation do not matter: "Saint-Étienne" is "saint etienne". */
export const normaliseCity = (city: string): string =>
  city
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The département of a French postcode: 75011 → 75, 20000 → 20 (Corsica keeps its 20 prefix in postcodes). */
const departmentOf = (postcode: string): string | undefined => (/^\d{5}$/.test(postcode.trim()) ? postcode.trim().slice(0, 2) : undefined);

function centroid(stores: readonly StoredStore[]): { latitude: number; longitude: number } {
  return {
    latitude: stores.reduce((s, x) => s + x.latitude, 0) / stores.length,
    longitude: stores.reduce((s, x) => s + x.longitude, 0) / stores.length,
  };
}

function groupBy<K>(stores: readonly StoredStore[], key: (s: StoredStore) => K | undefined): Map<K, { latitude: number; longitude: number }> {
  const groups = new Map<K, StoredStore[]>();
  for (const s of stores) {
    const k = key(s);
    if (k === undefined || k === '') continue;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return new Map([...groups].map(([k, list]) => [k, centroid(list)]));
}

export function createStoreLocator(stores: readonly StoredStore[], busiest: readonly number[]) {
  const active = stores.filter((s) => s.active);
  const index: NearestIndex = createNearestIndex(active, MAX_CARD_LOCATIONS);
  const byPostcode = groupBy(stores, (s) => s.postcode.trim());
  const byCity = groupBy(stores, (s) => normaliseCity(s.city));
  const byDepartment = groupBy(stores, (s) => departmentOf(s.postcode));
  const busiestIds = busiest.slice(0, MAX_CARD_LOCATIONS);

  const around = (basis: NearestBasis, p: { latitude: number; longitude: number }): NearestList => ({
    basis,
    storeIds: index.nearest(p.latitude, p.longitude).map((n) => n.id),
  });

  function anchorOf(c: CustomerAnchor): { basis: NearestBasis; point: { latitude: number; longitude: number } } | undefined {
    if (c.preferredLatitude !== null && c.preferredLongitude !== null) {
      return { basis: 'preferredStore', point: { latitude: c.preferredLatitude, longitude: c.preferredLongitude } };
    }
    if (c.latitude !== null && c.longitude !== null && Math.abs(c.latitude) <= 90 && Math.abs(c.longitude) <= 180) {
      return { basis: 'home', point: { latitude: c.latitude, longitude: c.longitude } };
    }
    const postcode = byPostcode.get(c.postcode.trim());
    if (postcode) return { basis: 'postcode', point: postcode };
    const city = byCity.get(normaliseCity(c.city));
    if (city) return { basis: 'city', point: city };
    const dept = departmentOf(c.postcode);
    const department = dept === undefined ? undefined : byDepartment.get(dept);
    if (department) return { basis: 'department', point: department };
    return undefined;
  }

  return {
    activeCount: active.length,
    busiest: busiestIds,
    listFor(c: CustomerAnchor): NearestList {
      if (active.length === 0) return { basis: 'none', storeIds: [] };
      const anchor = anchorOf(c);
      if (anchor) return around(anchor.basis, anchor.point);
      return { basis: 'busiest', storeIds: [...busiestIds] };
    },
    /** The nearest stores to a point, with distances (the map's "nearest to here" and the CLI). */
    near: (latitude: number, longitude: number) => index.nearest(latitude, longitude),
  };
}

export type StoreLocator = ReturnType<typeof createStoreLocator>;
