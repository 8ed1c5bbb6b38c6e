import type { Db } from '../db/connection.js';

import { WEEKDAYS, type Weekday } from './schemas.js';

export { WEEKDAYS, type Weekday };
export type OpeningHours = Record<Weekday, [string, string][]>;

export interface Store {
  id: number;
  name: string;
  address: string;
  postcode: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  radiusM: number;
  openingHours: OpeningHours;
}

interface Row {
  id: number;
  name: string;
  address: string;
  postcode: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  radius_m: number;
  opening_hours: string;
}

/** Opening hours as stored may miss days; the API always answers all seven. */
export function normaliseOpeningHours(json: string): OpeningHours {
  let parsed: Partial<Record<string, unknown>> = {};
  try {
    parsed = JSON.parse(json) as Partial<Record<string, unknown>>;
  } catch {
    parsed = {};
  }
  const out = {} as OpeningHours;
  for (const day of WEEKDAYS) {
    const v = parsed[day];
    out[day] = Array.isArray(v)
      ? v.filter((r): r is [string, string] => Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'string'))
      : [];
  }
  return out;
}

export function createStoresRepository(db: Db) {
  const all = db.prepare<[], Row>(
    `SELECT id, name, address, postcode, city, country, latitude, longitude, radius_m, opening_hours
     FROM stores ORDER BY city, name`,
  );
  return {
    list(): Store[] {
      return all.all().map((r) => ({
        id: r.id,
        name: r.name,
        address: r.address,
        postcode: r.postcode,
        city: r.city,
        country: r.country,
        latitude: r.latitude,
        longitude: r.longitude,
        radiusM: r.radius_m,
        openingHours: normaliseOpeningHours(r.opening_hours),
      }));
    },
  };
}
