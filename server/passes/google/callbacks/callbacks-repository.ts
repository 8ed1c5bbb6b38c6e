/** Nonces of accepted Google callbacks: the same signed message twice is a replay. */
import type { Db } from '../../../db/connection.js';

/** Google's messages expire within hours; a month of nonces is plenty. */
export const NONCE_KEEP_MS = 30 * 86_400_000;

export function createCallbacksRepository(db: Db) {
  const insert = db.prepare('INSERT INTO google_callback_nonces (nonce, received_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING');
  const purge = db.prepare('DELETE FROM google_callback_nonces WHERE received_at < ?');
  let lastPurge = 0;
  return {
    /** Records the nonce; false when it was seen before. Call inside the transaction that records the event. */
    claimNonce(nonce: string, at: number): boolean {
      if (at - lastPurge > 3_600_000) {
        lastPurge = at;
        purge.run(at - NONCE_KEEP_MS);
      }
      return insert.run(nonce, at).changes === 1;
    },
  };
}
