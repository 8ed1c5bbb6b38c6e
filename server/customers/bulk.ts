/** After a bulk load (the demo, an import): the aggregates, stores bought in and referral counts of every customer. */
import type { Db } from '../db/connection.js';
import { createCustomersRepository } from './customers-repository.js';
import { createPurchasesRepository } from './purchases-repository.js';

export function refreshDerived(db: Db, now: () => number = Date.now): void {
  createPurchasesRepository(db, now).refreshAll();
  const customers = createCustomersRepository(db, now);
  customers.refreshReferralCounts();
  customers.fillMissingTokens();
}

/** For loyalty's bulk settle: writes the cached balance, lifetime points and tier (derived values: updated_at kept). */
export function loyaltyStateWriter(db: Db) {
  const customers = createCustomersRepository(db, () => 0);
  return { setLoyaltyState: customers.setLoyaltyState };
}
