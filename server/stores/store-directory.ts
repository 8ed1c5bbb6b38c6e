/**
 * The stores feature's service: the stores, the list of stores each customer's card carries, what the card says
 * near each, and keeping cards current when stores, their hours or a customer's anchor change. Cards are told through
 * `cardsChanged` subscribers (each wallet subscribes; this feature imports no wallet's code).
 */
import type { CardLocation } from '../passes/design/card-locations.js';
import type { Db } from '../db/connection.js';
import { createNearestRepository, listText } from './nearest-repository.js';
import { isOpenAt, nextChange } from './opening-hours.js';
import { createStoreLocator, type NearestBasis, type NearestList, type StoreLocator } from './store-locator.js';
import { createOpenStateRepository, createStoresRepository, type StoredStore } from './stores-repository.js';

/** Told which customers' cards changed, after the writes that changed them committed. */
export type CardsChangedListener = (customerIds: readonly number[], reason: 'stores' | 'storeHours' | 'nearestStores') => void;

export interface StoreDirectoryDeps {
  db: Db;
  now: () => number;
  /** The shop's IANA time zone ('' = this computer's). */
  timeZone: () => string;
}

const BUSIEST_WINDOW_MS = 90 * 86_400_000;
const PAGE = 2_000;

export interface NearestStoresForCustomer {
  basis: NearestBasis;
  stores: Array<StoredStore & { openNow: boolean }>;
}

export function createStoreDirectory(deps: StoreDirectoryDeps) {
  const { db, now } = deps;
  const stores = createStoresRepository(db, now);
  const nearest = createNearestRepository(db, now);
  const openStates = createOpenStateRepository(db);
  const listeners = new Set<CardsChangedListener>();
  let snapshot: { rev: number; day: number; locator: StoreLocator; byId: Map<number, StoredStore> } | undefined;
  const nextChanges = new Map<number, { key: string; from: number; next: number | undefined }>();

  /** Stores and locator, rebuilt when any store changed (any process) and once a day (busiest stores move). */
  function current() {
    const rev = stores.revision();
    const day = Math.floor(now() / 86_400_000);
    if (!snapshot || snapshot.rev !== rev || snapshot.day !== day) {
      const list = stores.list();
      const locator = createStoreLocator(list, stores.busiest(10, now() - BUSIEST_WINDOW_MS));
      snapshot = { rev, day, locator, byId: new Map(list.map((s) => [s.id, s])) };
    }
    return snapshot;
  }

  function tell(customerIds: readonly number[], reason: Parameters<CardsChangedListener>[1]): void {
    if (customerIds.length === 0) return;
    for (const listener of listeners) listener(customerIds, reason);
  }

  function listFor(customerId: number): NearestList | undefined {
    const anchor = nearest.anchor(customerId);
    return anchor ? current().locator.listFor(anchor) : undefined;
  }

  const openNow = (s: StoredStore, at = now()): boolean => s.active && isOpenAt(at, deps.timeZone(), s.openingHours, s.exceptions);

  /**
   * Recomputes lists (every customer's, or only those marked stale by a change of their anchor or because they are
   * new), stores those that changed and tells the listeners about them. Yields between pages so the server keeps
   * answering.
   */
  async function refresh(
    scope: 'all' | 'stale',
    options: { tellMissing?: boolean; alreadyTold?: ReadonlySet<number> } = {},
  ): Promise<{ looked: number; changed: number }> {
    const alreadyTold = options.alreadyTold ?? new Set<number>();
    let looked = 0;
    let changedCount = 0;
    let after = 0;
    for (;;) {
      const { locator } = current();
      const staleSeen = scope === 'stale' ? nearest.staleIds(PAGE) : [];
      const rows =
        scope === 'all'
          ? nearest.page(after, PAGE)
          : staleSeen.flatMap((id) => {
              const a = nearest.anchor(id);
              return a ? [a] : [];
            });
      if (rows.length === 0 && staleSeen.length === 0) break;
      const changed = rows.flatMap((row) => {
        const list = locator.listFor(row);
        return row.stored === listText(list.storeIds) ? [] : [{ customerId: row.customerId, list }];
      });
      nearest.save(changed, scope === 'stale' ? staleSeen : rows.map((r) => r.customerId));
      // A customer without a stored list (new, or never looked at) has cards built from a fresh computation: they
      // are told only when stores changed since (tellMissing), which is the case a store change's refresh is in.
      const missing = new Set(rows.filter((r) => r.stored === null).map((r) => r.customerId));
      tell(
        changed.map((c) => c.customerId).filter((id) => !alreadyTold.has(id) && (options.tellMissing || !missing.has(id))),
        'nearestStores',
      );
      looked += rows.length;
      changedCount += changed.length;
      if (scope === 'all') {
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!.customerId;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { looked, changed: changedCount };
  }

  /**
   * Opening and closing: compares each store's open state now with the one cards last showed, records the flips and
   * tells the listeners about the cards holding a flipped store (one change per card however many of its stores
   * flipped). Returns when to look again.
   */
  function syncHours(): { flipped: number[]; cards: number; nextAt: number | undefined } {
    const at = now();
    const tz = deps.timeZone();
    const known = openStates.all();
    const flips: Array<{ storeId: number; open: boolean }> = [];
    let nextAt: number | undefined;
    for (const s of current().byId.values()) {
      const open = openNow(s, at);
      if (known.get(s.id) !== open) flips.push({ storeId: s.id, open });
      if (!s.active) continue;
      // Looking ahead costs up to a few hundred clock readings per store: kept until it passes or the store changes.
      const key = `${s.updatedAt}|${tz}`;
      let cached = nextChanges.get(s.id);
      if (!cached || cached.key !== key || (cached.next !== undefined && cached.next <= at) || (cached.next === undefined && at > cached.from + 86_400_000)) {
        cached = { key, from: at, next: nextChange(at, tz, s.openingHours, s.exceptions) };
        nextChanges.set(s.id, cached);
      }
      const next = cached.next;
      if (next !== undefined && (nextAt === undefined || next < nextAt)) nextAt = next;
    }
    openStates.set(flips, at);
    // A store seen for the first time was built into cards with its state of that moment: nothing to update.
    const flipped = flips.filter((f) => known.has(f.storeId)).map((f) => f.storeId);
    const customers = flipped.length > 0 ? nearest.customersHolding(flipped) : [];
    tell(customers, 'storeHours');
    return { flipped, cards: customers.length, nextAt };
  }

  return {
    stores,
    subscribe(listener: CardsChangedListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    locator: () => current().locator,
    openNow,
    /** The stores a customer's cards list, nearest first, with what they were measured from (Google calls this). */
    nearestStoresForCustomer(customerId: number): NearestStoresForCustomer | undefined {
      const list = listFor(customerId);
      if (!list) return undefined;
      const { byId } = current();
      return { basis: list.basis, stores: list.storeIds.flatMap((id) => (byId.has(id) ? [{ ...byId.get(id)!, openNow: openNow(byId.get(id)!) }] : [])) };
    },
    /** What a card built now carries: the nearest stores with their radius, and their text while they are open. */
    cardLocations(customerId: number): CardLocation[] {
      const list = listFor(customerId);
      if (!list) return [];
      const at = now();
      const { byId } = current();
      return list.storeIds.flatMap((id) => {
        const s = byId.get(id);
        if (!s) return [];
        const text = openNow(s, at) && (s.relevantText.fr.trim() || s.relevantText.en.trim()) ? s.relevantText : null;
        return [{ latitude: s.latitude, longitude: s.longitude, radiusM: s.radiusM, text }];
      });
    },
    refresh,
    syncHours,
    /** Customers whose stored list holds one of these stores (before a store is deleted). */
    customersHolding: (storeIds: readonly number[]): number[] => nearest.customersHolding(storeIds),
    /** Tells the listeners about these customers' cards (after a store was deleted). */
    cardsChanged: (customerIds: readonly number[]): void => tell(customerIds, 'stores'),
    /**
     * After a store was written (text, radius, hours, place, active): the cards holding it change now, lists are
     * recomputed (the store may enter or leave some), and its open state is recorded as what those cards show.
     */
    async storesChanged(storeIds: readonly number[]): Promise<{ looked: number; changed: number }> {
      const { byId } = current();
      const at = now();
      openStates.set(
        storeIds.flatMap((id) => (byId.has(id) ? [{ storeId: id, open: openNow(byId.get(id)!, at) }] : [])),
        at,
      );
      const holders = nearest.customersHolding(storeIds);
      tell(holders, 'stores');
      const refreshed = await refresh('all', { tellMissing: true, alreadyTold: new Set(holders) });
      return { looked: refreshed.looked, changed: refreshed.changed + holders.length };
    },
  };
}

export type StoreDirectory = ReturnType<typeof createStoreDirectory>;
