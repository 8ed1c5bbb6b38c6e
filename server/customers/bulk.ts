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
