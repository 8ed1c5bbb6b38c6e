/**
 * The stores feature, built once by the composition root: the store directory (stores, each card's nearest stores,
 * opening hours), the rate-limited geocoder, the admin routes, and the upkeep job. Cards it changes are told through
 * the platform-neutral "cards changed" path; it imports no wallet.
 */
import type { JobsParts } from '../jobs/jobs-module.js';
import type { JobHandler } from '../jobs/types.js';
import type { Module } from '../module.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { Services } from '../services.js';
import { appVersion } from '../version.js';
import { createGeocoder, type Geocoder } from './geocoder.js';
import { storeRoutes } from './routes.js';
import { createStoreDirectory, type StoreDirectory } from './store-directory.js';

export const STORES_UPKEEP_KIND = 'stores.upkeep';
/** At most this long between two runs: stores edited from the CLI, a new time zone, customers who moved. */
const MAX_WAIT_MS = 30_000;

export interface StoresParts {
  directory: StoreDirectory;
  geocoder: Geocoder;
  /**
   * After stores were written: their cards change and every list is recomputed, in the background and one run at a
   * time (writes during a run are folded into the next). Resolves when the run covering these stores is done.
   */
  storesChanged(storeIds: readonly number[]): Promise<void>;
}

export interface StoresDeps {
  services: Services;
  changes: CardChanges;
  jobs: JobsParts;
}

/**
 * Keeps cards in step with the clock and with customers' anchors: at each opening or closing (every store that flips
 * in the same minute in one change, each card once) the cards holding those stores are updated silently (no field
 * changes, so Wallet shows no notification), and customers who are new or whose preferred store, home, postcode or
 * city changed get their list (re)computed. State lives in SQLite (store_open_state, customer_nearest_stale), so a
 * restart catches up. One recurring row: each run releases it to the next opening or closing (30 s at most).
 */
export function storesUpkeepJob(services: Services, directory: StoreDirectory): JobHandler<Record<string, never>> {
  return {
    kind: STORES_UPKEEP_KIND,
    backoff: (attempts) => Math.min(60_000, 1_000 * 2 ** attempts),
    async handle(jobs) {
      const hours = directory.syncHours();
      if (hours.flipped.length > 0) services.log.info({ stores: hours.flipped, cards: hours.cards }, 'stores opened or closed: cards updated');
      const stale = await directory.refresh('stale');
      if (stale.changed > 0) services.log.info(stale, 'nearest stores recomputed for customers who moved');
      const at = Math.min(hours.nextAt ?? Infinity, services.now() + MAX_WAIT_MS);
      return jobs.map(() => ({ kind: 'release' as const, at }));
    },
  };
}

export function createStores(deps: StoresDeps): { parts: StoresParts; module: Module } {
  const { services, changes, jobs } = deps;
  const directory = createStoreDirectory({
    db: services.db,
    now: services.now,
    timeZone: () => services.settings.get('brand.timeZone') as string,
  });
  directory.subscribe((customerIds, reason) => changes.markCustomersChanged(customerIds, { reason }));
  const geocoder = createGeocoder({
    baseUrl: () => services.settings.get('geocoder.url') as string,
    // Nominatim's usage policy asks for an application that identifies itself.
    userAgent: () => {
      const brand = services.settings.brand();
      return `Passerelle/${appVersion()} (self-hosted loyalty cards; ${brand.website || brand.name})`;
    },
  });

  let pending = new Set<number>();
  let running: Promise<void> = Promise.resolve();
  let next: Promise<void> | undefined;
  const storesChanged = (storeIds: readonly number[]): Promise<void> => {
    for (const id of storeIds) pending.add(id);
    next ??= running.then(async () => {
      next = undefined;
      const ids = [...pending];
      pending = new Set();
      try {
        await directory.storesChanged(ids);
      } catch (err) {
        services.log.error({ err }, 'updating cards after a store change failed');
      }
    });
    running = next;
    return next;
  };

  const parts: StoresParts = { directory, geocoder, storesChanged };
  return {
    parts,
    module: {
      name: 'stores',
      adminRoutes: [storeRoutes(services, parts)],
      jobs: [storesUpkeepJob(services, directory)],
      start() {
        // Every customer's stored list made or checked once (cards are told about real differences only), so that a
        // store change knows which cards it changes, including for customers from before this feature.
        void directory.refresh('all').catch((err: unknown) => services.log.error({ err }, 'computing customers’ nearest stores failed'));
        jobs.jobs.enqueue(STORES_UPKEEP_KIND, {}, services.now(), { dedupeKey: STORES_UPKEEP_KIND });
      },
      stop: () => running.then(() => undefined),
    },
  };
}
