/**
 * Apple's subscription to "cards changed" (cards/cards-changed.ts): inside the change's transaction, one push job per
 * registered device of the changed Apple passes (apns/push-outbox.ts); after the commit, the push kind woken and the
 * changed passes built ahead while the pushes go out (webservice/pass-bytes.ts).
 */
import type { Db } from '../../db/connection.js';
import type { WalletSubscriber } from '../cards/cards-changed.js';
import { enqueuePushes } from './apns/push-outbox.js';

export interface AppleCardsDeps {
  db: Db;
  /** Wakes the push kind (a no-op while pushes do not run). */
  wake(): void;
  /** Builds the changed passes ahead (phones ask for them within seconds of their push). */
  warm?(passIds: readonly number[]): void;
}

export function appleCardsSubscriber(deps: AppleCardsDeps): WalletSubscriber {
  return {
    name: 'apple',
    inTransaction: ({ passIds, at }) => enqueuePushes(deps.db, passIds, at),
    afterCommit({ passIds }) {
      deps.wake();
      deps.warm?.(passIds);
    },
  };
}
