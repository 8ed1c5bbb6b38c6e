/**
 * Automations: the playbook's six lifecycle moments (seed 001), each a set of messages an owner switches on, sent
 * through the messages guard like every lock-screen message, recorded on the customer's history (message_sends,
 * origin 'automation', mechanic = the automation) and once per (customer, automation, occurrence). Evaluated by the
 * `automation.tick` job kind; the welcome by `automation.welcome`, queued when a card goes into a wallet.
 */
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { JobHandler } from '../jobs/types.js';
import type { MessagingParts } from '../messaging/messaging-module.js';
import type { Module } from '../module.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { LockScreen } from '../passes/cards/lock-screen.js';
import type { CardLocation } from '../passes/design/card-locations.js';
import type { Services } from '../services.js';
import { createAutomationsRepository, type AutomationsRepository } from './automations-repository.js';
import { createAutomationsService, type AutomationsService } from './automations.js';
import { createSender, type CartEvents, type EvalContext } from './context.js';
import { createEngine, type Engine } from './engine.js';
import { TICK_JOB, tickJob, WELCOME_JOB, welcomeJob } from './jobs.js';
import { withCartText, type LocationStore } from './moments/retail.js';
import { automationRoutes } from './routes.js';

export interface AutomationsParts {
  repository: AutomationsRepository;
  engine: Engine;
  service: AutomationsService;
  /** The card's locations with a live abandoned-cart text in place of the stores' own (retail conversion). */
  locations(customerId: number, base: CardLocation[], stores: () => LocationStore[]): CardLocation[];
  /** The job handlers, for a runner of the CLI (the server's runner has them already). */
  handlers: Array<JobHandler<never>>;
}

export interface AutomationsDeps {
  messaging: Pick<MessagingParts, 'guard' | 'sends'>;
  lockScreen: LockScreen;
  changes: CardChanges;
  jobs: JobsRepository;
  wake(kind: string): void;
  tierExists(id: string): boolean;
  /** The API's abandoned carts (the integrations feature's customer events). */
  carts: CartEvents;
}

export function createAutomations(services: Services, deps: AutomationsDeps): { parts: AutomationsParts; module: Module } {
  const { db, now } = services;
  const repository = createAutomationsRepository(db);
  const timeZone = () => deps.messaging.guard.settings().timeZone;
  const base = {
    db,
    now,
    repo: repository,
    guard: deps.messaging.guard,
    sends: deps.messaging.sends,
    lockScreen: deps.lockScreen,
    changes: deps.changes,
    texts: () => ({ publicUrl: services.urls.public(), brandName: services.settings.brand().name }),
  };
  const ctx: EvalContext = {
    ...base,
    sender: createSender(base),
    carts: deps.carts,
    // Between pages: let phones' requests and the admin in.
    pause: () => new Promise((resolve) => setImmediate(resolve)),
  };
  const engine = createEngine(ctx, timeZone);
  const service = createAutomationsService({
    now,
    repo: repository,
    engine,
    timeZone,
    tierExists: deps.tierExists,
    wake: () => deps.wake(TICK_JOB),
  });
  const handlers = [tickJob(engine, services.log) as JobHandler<never>, welcomeJob(engine) as JobHandler<never>];
  return {
    parts: {
      repository,
      engine,
      service,
      locations: (customerId, locations, stores) => withCartText(ctx, customerId, now(), locations, stores),
      handlers,
    },
    module: {
      name: 'automations',
      adminRoutes: [automationRoutes({ automations: service })],
      jobs: handlers,
      start() {
        // Due now: after a stop, the first evaluation catches up at once.
        deps.jobs.enqueue(TICK_JOB, {}, now(), { dedupeKey: TICK_JOB });
        deps.jobs.enqueue(WELCOME_JOB, {}, now(), { dedupeKey: WELCOME_JOB });
      },
    },
  };
}
