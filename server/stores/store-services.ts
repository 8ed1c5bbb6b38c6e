/**
 * One store directory and one geocoder per app (per Services), shared by the routes, the pass builder, the opening-
 * hours timer and the CLI, like passServices: one index, one Nominatim rate limit.
 */
import type { Services } from '../services.js';
import { appVersion } from '../version.js';
import { createGeocoder, type Geocoder } from './geocoder.js';
import { createStoreDirectory, type StoreDirectory } from './store-directory.js';

export interface StoreServices {
  directory: StoreDirectory;
  geocoder: Geocoder;
  /**
   * After stores were written: their cards change and every list is recomputed, in the background and one run at a
   * time (writes during a run are folded into the next). Resolves when the run covering these stores is done.
   */
  storesChanged(storeIds: readonly number[]): Promise<void>;
}

const registry = new WeakMap<Services, StoreServices>();

export function storeServices(services: Services): StoreServices {
  let found = registry.get(services);
  if (!found) {
    const directory = createStoreDirectory({
      db: services.db,
      now: services.now,
      timeZone: () => services.settings.get('brand.timeZone') as string,
    });
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
    found = { directory, geocoder, storesChanged };
    registry.set(services, found);
  }
  return found;
}
