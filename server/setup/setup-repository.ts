/**
 * Where the wizard stands (a row of the settings table, key `setup.progress`, outside the registry of editable
 * settings): what the owner did with each step, the owner's own customer for the test card, and when setup finished.
 */
import type { Db } from '../db/connection.js';
import type { SetupStepId } from './schemas.js';

export interface SetupProgress {
  steps: Partial<Record<SetupStepId, 'done' | 'skipped'>>;
  ownerCustomerId?: number;
  finishedAt?: number;
}

const KEY = 'setup.progress';

export function createSetupRepository(db: Db, now: () => number = Date.now) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const counts = db.prepare<[], { designs: number; customers: number }>(
    'SELECT (SELECT COUNT(*) FROM card_designs) AS designs, (SELECT COUNT(*) FROM customers) AS customers',
  );

  const read = (): SetupProgress => {
    const row = get.get(KEY);
    return row ? (JSON.parse(row.value) as SetupProgress) : { steps: {} };
  };

  return {
    read,
    update(change: (progress: SetupProgress) => SetupProgress): SetupProgress {
      return db.transaction(() => {
        const next = change(read());
        put.run(KEY, JSON.stringify(next), now());
        return next;
      })();
    },
    /** Nothing made yet: no card design and no customer. */
    isFresh(): boolean {
      const c = counts.get()!;
      return c.designs === 0 && c.customers === 0;
    },
  };
}

export type SetupRepository = ReturnType<typeof createSetupRepository>;
