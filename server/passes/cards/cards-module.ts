/**
 * The platform-neutral card: the passes table, the one "cards changed" path, wallet events, lock-screen messages
 * (sent through the messages guard, messaging/, which owns the route).
 */
import type { Module } from '../../module.js';
import type { Services } from '../../services.js';
import { createCardChanges, type CardChanges } from './cards-changed.js';
import { createCustomerFacts } from './customer-facts.js';
import { createLockScreen, type LockScreen } from './lock-screen.js';
import { createWalletEvents, type WalletEvents } from './wallet-events.js';

export interface CardsParts {
  changes: CardChanges;
  events: WalletEvents;
  customers: ReturnType<typeof createCustomerFacts>;
  lockScreen: LockScreen;
}

export function createCards(services: Services): { parts: CardsParts; module: Module } {
  const changes = createCardChanges({ db: services.db, now: services.now });
  const parts: CardsParts = {
    changes,
    events: createWalletEvents(services.db, services.happenings),
    customers: createCustomerFacts(services.db),
    lockScreen: createLockScreen(services.db, changes),
  };
  return { parts, module: { name: 'cards' } };
}
