/**
 * Messaging: the messages guard every lock-screen message goes through (campaigns, the customer panel, automations
 * next), the record of every message meant for a customer, and single messages with their wait for quiet hours.
 * Other features receive `guard` and `sends` from the composition root.
 */
import type { JobHandler } from '../jobs/types.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { Module } from '../module.js';
import type { LockScreen } from '../passes/cards/lock-screen.js';
import type { Services } from '../services.js';
import { createDirectMessages, type DirectMessages } from './direct-messages.js';
import { createGuard, type Guard } from './guard.js';
import { messagingRoutes } from './routes.js';
import { createSendsRepository, type SendsRepository } from './sends-repository.js';

export interface MessagingParts {
  guard: Guard;
  sends: SendsRepository;
  direct: DirectMessages;
}

export interface MessagingDeps {
  lockScreen: LockScreen;
  jobs: JobsRepository;
  applePushesWaiting(): boolean;
}

export function createMessaging(services: Services, deps: MessagingDeps): { parts: MessagingParts; module: Module } {
  const sends = createSendsRepository(services.db);
  const guard = createGuard(services, sends);
  const direct = createDirectMessages({
    db: services.db,
    now: services.now,
    guard,
    sends,
    lockScreen: deps.lockScreen,
    jobs: deps.jobs,
    applePushesWaiting: deps.applePushesWaiting,
  });
  const parts: MessagingParts = { guard, sends, direct };
  return {
    parts,
    module: {
      name: 'messaging',
      adminRoutes: [messagingRoutes(services, parts)],
      jobs: [direct.handler as JobHandler<never>],
    },
  };
}
