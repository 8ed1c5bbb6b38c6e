/** The platform-neutral card: the passes table, the one "cards changed" path, wallet events, lock-screen messages. */
import type { Module } from '../../module.js';
import type { Services } from '../../services.js';
import { createCardChanges, type CardChanges } from './cards-changed.js';
import { createCustomerFacts } from './customer-facts.js';
import { messageRoutes } from './message-routes.js';
import { createWalletEvents, type WalletEvents } from './wallet-events.js';

export interface CardsParts {
  changes: CardChanges;
  events: WalletEvents;
  customers: ReturnType<typeof createCustomerFacts>;
}

export function createCards(services: Services): { parts: CardsParts; module: Module } {
  const changes = createCardChanges({ db: services.db, now: services.now });
  const parts: CardsParts = { changes, events: createWalletEvents(services.db, services.happenings), customers: createCustomerFacts(services.db) };
  return { parts, module: { name: 'cards', adminRoutes: [messageRoutes(services, { changes })] } };
}
