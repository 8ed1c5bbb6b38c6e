import type { Db } from '../db/connection.js';
import { encodeGeohash } from './geohash.js';
import { WEEKDAYS, type HoursException, type OpeningHours, type Slot } from './opening-hours.js';
import type { StoreInput } from './schemas.js';

export { WEEKDAYS, type OpeningHours, type Weekday } from './opening-hours.js';

/** A store as stored (openNow is the routes' business: it needs the clock and the time zone). */
export interface StoredStore extends Omit<StoreInput, 'radiusM'> {
  id: number;
  radiusM: number;
  updatedAt: number;
}

interface Row {
  id: number;
  name: string;
  address: string;
  postcode: string;
  city: string;
  country: string;
  phone: string;
  latitude: number;
  longitude: number;
  radius_m: number;
  opening_hours: string;
  exceptions: string;
  relevant_text: string;
  active: number;
  updated_at: number;
}

function parseJson(json: string, fallback: unknown): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return fallback;
  }
}

const isSlot = (r: unknown): r is Slot => Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'string');

/** Opening hours as stored may miss days; the API always answers all seven. */
export function normaliseOpeningHours(json: string): OpeningHours {
  const parsed = (parseJson(json, {}) ?? {}) as Partial<Record<string, unknown>>;
  const out = {} as OpeningHours;
  for (const day of WEEKDAYS) {
    const v = parsed[day];
    out[day] = Array.isArray(v) ? v.filter(isSlot) : [];
  }
  return out;
}

function normaliseExceptions(json: string): HoursException[] {
  const parsed = parseJson(json, []);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((e: Partial<HoursException>) =>
    typeof e?.from === 'string' && typeof e.to === 'string'
      ? [{ from: e.from, to: e.to, hours: Array.isArray(e.hours) ? e.hours.filter(isSlot) : [], note: typeof e.note === 'string' ? e.note : '' }]
      : [],
  );
}

function normaliseText(json: string): { fr: string; en: string } {
  const t = (parseJson(json, {}) ?? {}) as Partial<Record<string, unknown>>;
  return { fr: typeof t.fr === 'string' ? t.fr : '', en: typeof t.en === 'string' ? t.en : '' };
}

const toStore = (r: Row): StoredStore => ({
  id: r.id,
  name: r.name,
  address: r.address,
  postcode: r.postcode,
  city: r.city,
  country: r.country,
  phone: r.phone,
  latitude: r.latitude,
  longitude: r.longitude,
  radiusM: r.radius_m,
  openingHours: normaliseOpeningHours(r.opening_hours),
  exceptions: normaliseExceptions(r.exceptions),
  relevantText: normaliseText(r.relevant_text),
  active: r.active === 1,
  updatedAt: r.updated_at,
});

const COLUMNS = `id, name, address, postcode, city, country, phone, latitude, longitude, radius_m, opening_hours, exceptions,
  relevant_text, active, updated_at`;

export function createStoresRepository(db: Db, now: () => number = Date.now) {
  const all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM stores ORDER BY city, name, id`);
  const one = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM stores WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO stores (name, address, postcode, city, country, phone, latitude, longitude, geohash, radius_m, opening_hours,
       exceptions, relevant_text, active, created_at, updated_at)
     VALUES (@name, @address, @postcode, @city, @country, @phone, @latitude, @longitude, @geohash, @radiusM, @openingHours,
       @exceptions, @relevantText, @active, @at, @at)`,
  );
  const update = db.prepare(
    `UPDATE stores SET name = @name, address = @address, postcode = @postcode, city = @city, country = @country,
       phone = @phone, latitude = @latitude, longitude = @longitude, geohash = @geohash, radius_m = @radiusM,
       opening_hours = @openingHours, exceptions = @exceptions, relevant_text = @relevantText, active = @active,
       updated_at = @at
     WHERE id = @id`,
  );
  const remove = db.prepare<[number]>('DELETE FROM stores WHERE id = ?');
  const revision = db.prepare<[], { rev: number }>('SELECT rev FROM stores_revision WHERE id = 1');
  // Busiest: most in-store purchases over the last 90 days; stores without any come last, by name.
  const busiest = db.prepare<[number, number], { id: number }>(
    `SELECT s.id FROM stores s
     LEFT JOIN purchases p ON p.store_id = s.id AND p.channel = 'store' AND p.purchased_at >= ?
     WHERE s.active = 1
     GROUP BY s.id ORDER BY COUNT(p.id) DESC, s.name, s.id LIMIT ?`,
  );

  const bind = (input: StoreInput, at: number) => ({
    name: input.name.trim(),
    address: input.address.trim(),
    postcode: input.postcode.trim(),
    city: input.city.trim(),
    country: input.country,
    phone: input.phone.trim(),
    latitude: input.latitude,
    longitude: input.longitude,
    geohash: encodeGeohash(input.latitude, input.longitude),
    radiusM: input.radiusM,
    openingHours: JSON.stringify(input.openingHours),
    exceptions: JSON.stringify([...input.exceptions].sort((a, b) => a.from.localeCompare(b.from))),
    relevantText: JSON.stringify(input.relevantText),
    active: input.active ? 1 : 0,
    at,
  });

  const createMany = db.transaction((inputs: readonly StoreInput[]): number[] => {
    const at = now();
    return inputs.map((input) => Number(insert.run(bind(input, at)).lastInsertRowid));
  });

  return {
    list: (): StoredStore[] => all.all().map(toStore),
    get: (id: number): StoredStore | undefined => {
      const row = one.get(id);
      return row ? toStore(row) : undefined;
    },
    create: (input: StoreInput): number => createMany([input])[0]!,
    /** All or none, in one transaction. */
    createMany,
    update: (id: number, input: StoreInput): boolean => update.run({ ...bind(input, now()), id }).changes > 0,
    remove: (id: number): boolean => remove.run(id).changes > 0,
    /** Changes with every write to the stores table, from any connection. */
    revision: (): number => revision.get()?.rev ?? 0,
    busiest: (limit: number, sinceMs: number): number[] => busiest.all(sinceMs, limit).map((r) => r.id),
  };
}

export type StoresRepository = ReturnType<typeof createStoresRepository>;

/** Whether each store was open when cards last showed its text (store_open_state). */
export function createOpenStateRepository(db: Db) {
  const all = db.prepare<[], { store_id: number; open: number }>('SELECT store_id, open FROM store_open_state');
  const upsert = db.prepare<[number, number, number]>(
    `INSERT INTO store_open_state (store_id, open, changed_at) VALUES (?, ?, ?)
     ON CONFLICT (store_id) DO UPDATE SET open = excluded.open, changed_at = excluded.changed_at`,
  );
  return {
    all: (): Map<number, boolean> => new Map(all.all().map((r) => [r.store_id, r.open === 1])),
    set: db.transaction((states: ReadonlyArray<{ storeId: number; open: boolean }>, at: number) => {
      for (const s of states) upsert.run(s.storeId, s.open ? 1 : 0, at);
    }),
  };
}
