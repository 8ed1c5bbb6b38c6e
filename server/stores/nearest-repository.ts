/** Customers' anchors and the store lists their cards were last told about (customer_nearest_stores). */
import type { Db } from '../db/connection.js';
import type { CustomerAnchor, NearestBasis, NearestList } from './store-locator.js';

export interface AnchorRow extends CustomerAnchor {
  customerId: number;
  /** The stored list (JSON text), null when none was stored yet. */
  stored: string | null;
}

interface Row {
  id: number;
  latitude: number | null;
  longitude: number | null;
  postcode: string;
  city: string;
  p_lat: number | null;
  p_lon: number | null;
  store_ids: string | null;
}

const SELECT = `SELECT c.id, c.latitude, c.longitude, c.postcode, c.city, p.latitude AS p_lat, p.longitude AS p_lon,
  n.store_ids
  FROM customers c
  LEFT JOIN stores p ON p.id = c.preferred_store_id
  LEFT JOIN customer_nearest_stores n ON n.customer_id = c.id`;

const toAnchor = (r: Row): AnchorRow => ({
  customerId: r.id,
  latitude: r.latitude,
  longitude: r.longitude,
  postcode: r.postcode,
  city: r.city,
  preferredLatitude: r.p_lat,
  preferredLongitude: r.p_lon,
  stored: r.store_ids,
});

export const listText = (storeIds: readonly number[]): string => JSON.stringify(storeIds);

export function createNearestRepository(db: Db, now: () => number = Date.now) {
  const one = db.prepare<[number], Row>(`${SELECT} WHERE c.id = ?`);
  const page = db.prepare<[number, number], Row>(`${SELECT} WHERE c.id > ? ORDER BY c.id LIMIT ?`);
  const stale = db.prepare<[number], { customer_id: number }>('SELECT customer_id FROM customer_nearest_stale ORDER BY customer_id LIMIT ?');
  const unstale = db.prepare<[number]>('DELETE FROM customer_nearest_stale WHERE customer_id = ?');
  const upsert = db.prepare<[number, string, string, number]>(
    `INSERT INTO customer_nearest_stores (customer_id, store_ids, basis, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET store_ids = excluded.store_ids, basis = excluded.basis, updated_at = excluded.updated_at`,
  );
  // The customers whose cards list one of these stores: the cards a store's text, radius or hours change.
  const holding = db.prepare<[string], { customer_id: number }>(
    `SELECT n.customer_id FROM customer_nearest_stores n
     WHERE EXISTS (SELECT 1 FROM json_each(n.store_ids) j WHERE j.value IN (SELECT value FROM json_each(?)))`,
  );
  const storedOf = db.prepare<[number], { store_ids: string; basis: NearestBasis }>(
    'SELECT store_ids, basis FROM customer_nearest_stores WHERE customer_id = ?',
  );

  return {
    anchor: (customerId: number): AnchorRow | undefined => {
      const row = one.get(customerId);
      return row ? toAnchor(row) : undefined;
    },
    /** Customers after `afterId`, in id order: a refresh walks them page by page. */
    page: (afterId: number, limit: number): AnchorRow[] => page.all(afterId, limit).map(toAnchor),
    staleIds: (limit: number): number[] => stale.all(limit).map((r) => r.customer_id),
    /** Stores the lists that changed and clears the stale marks of every customer looked at, in one transaction. */
    save: db.transaction((changed: ReadonlyArray<{ customerId: number; list: NearestList }>, seen: readonly number[]) => {
      const at = now();
      for (const { customerId, list } of changed) upsert.run(customerId, listText(list.storeIds), list.basis, at);
      for (const id of seen) unstale.run(id);
    }),
    customersHolding: (storeIds: readonly number[]): number[] => holding.all(JSON.stringify(storeIds)).map((r) => r.customer_id),
    stored: (customerId: number): { storeIds: number[]; basis: NearestBasis } | undefined => {
      const row = storedOf.get(customerId);
      return row ? { storeIds: JSON.parse(row.store_ids) as number[], basis: row.basis } : undefined;
    },
  };
}

export type NearestRepository = ReturnType<typeof createNearestRepository>;
