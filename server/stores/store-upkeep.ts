/**
 * Keeps cards in step with the clock and with customers' anchors while the server runs: at each opening or closing
 * (all stores that flip at the same minute in one change, each card once) the cards holding those stores are updated
 * silently (no field changes, so Wallet shows no notification), and customers whose preferred store, home, postcode or
 * city changed get their list recomputed. State lives in SQLite (store_open_state, customer_nearest_stale), so a
 * restart catches up on what happened while it was off.
 *
 * A timer rather than a job kind for now: the jobs runner is not on main yet. `storeHoursJob` is the same work as a
 * handler of the jobs contract, for when it is.
 */
import type { JobHandler } from '../jobs/types.js';
import type { Services } from '../services.js';
import { storeServices } from './store-services.js';

/** At most this long between two looks (a store edited from the CLI, a time-zone change, a stale customer). */
const MAX_WAIT_MS = 30_000;

export function startStoreUpkeep(services: Services): { stop(): void } {
  const { directory } = storeServices(services);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Once at start: every customer's stored list made or checked (cards are told about real differences only), so
  // that a store change knows which cards it changes, including for customers from before this feature.
  let baseline: Promise<unknown> = directory
    .refresh('all')
    .catch((err: unknown) => services.log.error({ err }, 'computing customers’ nearest stores failed'));
  const tick = async () => {
    let wait = MAX_WAIT_MS;
    try {
      const hours = directory.syncHours();
      if (hours.flipped.length > 0) services.log.info({ stores: hours.flipped, cards: hours.cards }, 'stores opened or closed: cards updated');
      if (hours.nextAt !== undefined) wait = Math.min(wait, Math.max(1_000, hours.nextAt - services.now()));
      await baseline;
      baseline = Promise.resolve();
      const stale = await directory.refresh('stale');
      if (stale.changed > 0) services.log.info(stale, 'nearest stores recomputed for customers who moved');
    } catch (err) {
      services.log.error({ err }, 'store upkeep failed');
    }
    if (!stopped) timer = setTimeout(() => void tick(), wait);
  };
  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** The opening-hours sync as a job: run at the next opening or closing (runAt from its result), coalesced by key. */
export function storeHoursJob(services: Services): JobHandler<Record<string, never>> & { nextRunAt(): number | undefined } {
  const { directory } = storeServices(services);
  let nextAt: number | undefined;
  return {
    kind: 'stores.hours',
    backoff: (attempts) => Math.min(60_000, 1_000 * 2 ** attempts),
    async handle(jobs) {
      const result = directory.syncHours();
      nextAt = result.nextAt;
      await directory.refresh('stale');
      return jobs.map(() => ({ kind: 'done' as const, note: `${result.flipped.length} stores flipped, ${result.cards} cards` }));
    },
    /** When to enqueue the next run (dedupe key 'stores.hours'). */
    nextRunAt: () => nextAt,
  };
}
