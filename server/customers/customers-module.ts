/**
 * The customers feature: customers, purchases and their per-customer aggregates. Other features receive these
 * parts from the composition root; none imports the repositories themselves.
 */
import type { JobHandler } from '../jobs/types.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { Module } from '../module.js';
import type { Services } from '../services.js';
import { createCustomersRepository } from './customers-repository.js';
import { createPurchasesRepository } from './purchases-repository.js';
import { customerRoutes, type CustomerRouteDeps } from './routes.js';

export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
export type PurchasesRepository = ReturnType<typeof createPurchasesRepository>;

export interface CustomersParts {
  customers: CustomersRepository;
  purchases: PurchasesRepository;
}

export const AGGREGATES_JOB = 'customers.aggregates';
const BATCH = 500;
const HOUR = 3_600_000;

/**
 * The customers.aggregates job: refreshes customers whose 30/90/365-day windows moved since their last purchase was
 * written, then puts itself back for the next such moment (at most an hour away). A standing job: it is released
 * to its next time rather than finished, so there is always exactly one.
 */
function aggregatesJob(services: Services, purchases: PurchasesRepository): JobHandler<Record<string, never>> {
  return {
    kind: AGGREGATES_JOB,
    backoff: () => 60_000,
    async handle(batch) {
      let refreshed = 0;
      for (;;) {
        const n = purchases.refreshDue(BATCH);
        refreshed += n;
        if (n < BATCH) break;
        // Let requests in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (refreshed > 0) services.log.debug({ refreshed }, 'purchase aggregates refreshed');
      const next = Math.min(purchases.nextDueAt() ?? Infinity, services.now() + HOUR);
      return batch.map(() => ({ kind: 'release' as const, at: next }));
    },
  };
}

/** The repositories, built early: loyalty, enrolment and the scanner receive them. */
export function createCustomersParts(services: Services): CustomersParts {
  return {
    customers: createCustomersRepository(services.db, services.now),
    purchases: createPurchasesRepository(services.db, services.now),
  };
}

export function customersModule(
  services: Services,
  parts: CustomersParts,
  deps: Omit<CustomerRouteDeps, keyof CustomersParts> & { jobs: JobsRepository },
): Module {
  return {
    name: 'customers',
    adminRoutes: [customerRoutes(services, { ...parts, ...deps })],
    jobs: [aggregatesJob(services, parts.purchases) as JobHandler<never>],
    start() {
      deps.jobs.enqueue(AGGREGATES_JOB, {}, services.now(), { dedupeKey: AGGREGATES_JOB });
    },
  };
}
