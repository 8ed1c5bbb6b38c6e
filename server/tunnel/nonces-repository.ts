/** One-time values of the self-test (table self_test_nonces): stored hashed, answered once, gone after a minute. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.js';

export const NONCE_TTL_MS = 60_000;
const hash = (nonce: string) => createHash('sha256').update(nonce).digest('hex');

export function createNoncesRepository(db: Db, now: () => number = Date.now) {
  const insert = db.prepare('INSERT INTO self_test_nonces (nonce_sha256, expires_at) VALUES (?, ?)');
  const consume = db.prepare('DELETE FROM self_test_nonces WHERE nonce_sha256 = ? AND expires_at > ?');
  const purge = db.prepare('DELETE FROM self_test_nonces WHERE expires_at <= ?');
  return {
    create(): string {
      const nonce = randomBytes(24).toString('base64url');
      purge.run(now());
      insert.run(hash(nonce), now() + NONCE_TTL_MS);
      return nonce;
    },
    /** True once for a nonce that was created and has not expired. */
    consume(nonce: string): boolean {
      return consume.run(hash(nonce), now()).changes === 1;
    },
  };
}

export type NoncesRepository = ReturnType<typeof createNoncesRepository>;
