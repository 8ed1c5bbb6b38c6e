/**
 * Lock-screen messages on customers' cards, for every wallet: the text goes on each card the customers hold (the field
 * Apple shows with its changeMessage, the message Google adds) through the one "cards changed" path, in the caller's
 * transaction. Whether a message may go at all is the messages guard's decision (messaging/), made before this.
 */
import type { Db } from '../../db/connection.js';
import type { CardChanges } from './cards-changed.js';

/** The longest text a card's message holds (the column's limit is 500; templates are 240 before placeholders). */
export const SHOWN_MAX = 480;

export interface LockScreenCard {
  id: number;
  platform: 'apple' | 'google';
  message: string;
}

export interface Shown {
  /** Cards whose message changed. */
  passes: number;
  /** Phone updates the wallets queued (Apple devices, Google objects). */
  pushes: number;
}

export function createLockScreen(db: Db, changes: CardChanges) {
  const cardsOf = db.prepare<[number], LockScreenCard>('SELECT id, platform, message FROM passes WHERE customer_id = ? ORDER BY id');
  const setMessage = db.prepare<[string, string]>('UPDATE passes SET message = ? WHERE customer_id IN (SELECT value FROM json_each(?))');
  const idsOf = db.prepare<[string], { id: number }>('SELECT id FROM passes WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY id');

  return {
    cardsOf: (customerId: number): LockScreenCard[] => cardsOf.all(customerId),
    /**
     * Shows `text` on every card of these customers and tells their wallets, in the caller's transaction. `detail`
     * is kept in each card's wallet event (a campaign's id, say).
     */
    show(customerIds: readonly number[], text: string, detail: Record<string, unknown> = {}): Shown {
      if (customerIds.length === 0) return { passes: 0, pushes: 0 };
      const shown = text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX - 1)}…` : text;
      const json = JSON.stringify(customerIds);
      return db.transaction(() => {
        setMessage.run(shown, json);
        const ids = idsOf.all(json).map((r) => r.id);
        const changed = changes.markPassesChanged(ids, { reason: 'message', event: 'message', notify: true, detail: { ...detail, text: shown } });
        return { passes: changed.passes, pushes: changed.pushes };
      })();
    },
  };
}

export type LockScreen = ReturnType<typeof createLockScreen>;
