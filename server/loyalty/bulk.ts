/**
 * Bulk loads (the demo, an import) write ledger lines directly; these set the programme up and derive every
 * customer's cached balance, lifetime points and tier from the ledger with the one tier rule. No card is told (a bulk
 * load happens before cards exist).
 */
import type { Db } from '../db/connection.js';
import { loyaltyStateWriter } from '../customers/bulk.js';
import { createLedgerRepository } from './ledger-repository.js';
import { createProgrammeRepository } from './programme-repository.js';
import type { Programme, RewardInput, Tier } from './schemas.js';
import { tierOf } from './tier-rule.js';

export function setUpProgramme(db: Db, now: () => number, setup: { programme: Programme; tiers: Tier[]; rewards: RewardInput[] }): void {
  const repo = createProgrammeRepository(db, now);
  repo.saveProgramme(setup.programme);
  repo.replaceTiers(setup.tiers);
  for (const r of setup.rewards) repo.addReward(r);
}

export function settleFromLedger(db: Db): void {
  const ledger = createLedgerRepository(db);
  // Derived values, not a change: updated_at stays as the load wrote it.
  const customers = loyaltyStateWriter(db);
  const tiers = createProgrammeRepository(db).tiers();
  for (const s of ledger.allSums()) {
    customers.setLoyaltyState(s.customer_id, { balance: s.balance, lifetime: s.lifetime, tier: tierOf(tiers, s.lifetime) });
  }
}
