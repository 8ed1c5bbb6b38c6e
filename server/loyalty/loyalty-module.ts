/**
 * The loyalty feature: the programme (earn rules, tiers, bonus events, rewards), the points ledger, the till's
 * operations, and the points-expiry job. It receives the customers' repositories and the cards' change path.
 */
import type { CustomersParts } from '../customers/customers-module.js';
import type { JobHandler } from '../jobs/types.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { Module } from '../module.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { CardFiles } from '../passes/cards/card-files.js';
import type { Services } from '../services.js';
import { customerLoyaltyRoutes } from './customer-routes.js';
import { createLedgerRepository } from './ledger-repository.js';
import { createPoints } from './points.js';
import { createProgrammeRepository } from './programme-repository.js';
import { programmeRoutes, type ProgrammeRouteDeps } from './programme-routes.js';
import type { TimelineSources } from './timeline.js';
import { createTill } from './till.js';

export type ProgrammeRepository = ReturnType<typeof createProgrammeRepository>;

export interface LoyaltyParts extends CustomersParts {
  programme: ProgrammeRepository;
  ledger: ReturnType<typeof createLedgerRepository>;
  points: ReturnType<typeof createPoints>;
  till: ReturnType<typeof createTill>;
}

export interface LoyaltyDeps {
  customers: CustomersParts;
  changes: CardChanges;
  files?: CardFiles;
}

/** The programme alone (tier names for cards, the entry tier for new customers): needs only the database. */
export const createProgramme = (services: Services): ProgrammeRepository => createProgrammeRepository(services.db, services.now);

export function createLoyaltyParts(services: Services, programme: ProgrammeRepository, deps: LoyaltyDeps): LoyaltyParts {
  const { db, now } = services;
  const ledger = createLedgerRepository(db);
  const { happenings } = services;
  const points = createPoints({ db, now, customers: deps.customers.customers, programme, ledger, changes: deps.changes, happenings });
  const till = createTill({
    db,
    now,
    customers: deps.customers.customers,
    purchases: deps.customers.purchases,
    programme,
    ledger,
    points,
    changes: deps.changes,
    happenings,
    ...(deps.files ? { files: deps.files } : {}),
  });
  return { ...deps.customers, programme, ledger, points, till };
}

export const EXPIRY_JOB = 'loyalty.expiry';
const DAY = 86_400_000;
// Credits that reached their age within this many days are looked at: a server off for a month still expires them.
const EXPIRY_LOOKBACK_DAYS = 40;

/** Points expiry, daily: what remains of credits older than the programme's months (oldest spent first) expires. */
function expiryJob(services: Services, parts: LoyaltyParts): JobHandler<Record<string, never>> {
  return {
    kind: EXPIRY_JOB,
    backoff: () => 3_600_000,
    leaseMs: 10 * 60_000,
    async handle(batch) {
      const months = parts.programme.programme().expiryMonths;
      const now = services.now();
      if (months !== null) {
        const cutoffDate = new Date(now);
        cutoffDate.setUTCMonth(cutoffDate.getUTCMonth() - months);
        const cutoff = cutoffDate.getTime();
        const day = new Date(cutoff).toISOString().slice(0, 10);
        for (const customerId of parts.ledger.customersCreditedBetween(cutoff - EXPIRY_LOOKBACK_DAYS * DAY, cutoff)) {
          const amount = parts.ledger.expirable(customerId, cutoff);
          if (amount > 0) {
            parts.points.credit(customerId, { delta: -amount, reason: 'expiry', onceKey: `expiry:${customerId}:${day}`, detail: { before: day } });
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      return batch.map(() => ({ kind: 'release' as const, at: now + DAY }));
    },
  };
}

export function loyaltyModule(
  services: Services,
  parts: LoyaltyParts,
  deps: Omit<ProgrammeRouteDeps, keyof LoyaltyParts> & { jobs: JobsRepository; timeline: Omit<TimelineSources, keyof CustomersParts | 'ledger'> },
): Module {
  return {
    name: 'loyalty',
    adminRoutes: [
      programmeRoutes(services, { ...parts, allCardsChanged: deps.allCardsChanged, isCouponDesign: deps.isCouponDesign }),
      customerLoyaltyRoutes(services, { ...parts, timeline: { ...parts, ...deps.timeline } }),
    ],
    jobs: [expiryJob(services, parts) as JobHandler<never>],
    start() {
      deps.jobs.enqueue(EXPIRY_JOB, {}, services.now(), { dedupeKey: EXPIRY_JOB });
    },
  };
}
