/** Keys made for a certificate signing request, waiting for Apple's certificate (table apple_pending_keys). */
import type { Db } from '../../../db/connection.js';

export interface PendingKey {
  id: number;
  publicKeySha256: string;
  privateKeyPem: string;
  csrPem: string;
  commonName: string;
  createdAt: number;
}

interface Row {
  id: number;
  public_key_sha256: string;
  private_key_pem: string;
  csr_pem: string;
  common_name: string;
  created_at: number;
}

/** An owner may make a new request before using the last one; older requests than this many are forgotten. */
export const PENDING_KEYS_KEPT = 5;

const toKey = (r: Row): PendingKey => ({
  id: r.id,
  publicKeySha256: r.public_key_sha256,
  privateKeyPem: r.private_key_pem,
  csrPem: r.csr_pem,
  commonName: r.common_name,
  createdAt: r.created_at,
});

export function createPendingKeysRepository(db: Db) {
  const insert = db.prepare(
    'INSERT INTO apple_pending_keys (public_key_sha256, private_key_pem, csr_pem, common_name, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const trim = db.prepare(
    'DELETE FROM apple_pending_keys WHERE id NOT IN (SELECT id FROM apple_pending_keys ORDER BY created_at DESC, id DESC LIMIT ?)',
  );
  const latest = db.prepare<[], Row>('SELECT * FROM apple_pending_keys ORDER BY created_at DESC, id DESC LIMIT 1');
  const byKey = db.prepare<[string], Row>('SELECT * FROM apple_pending_keys WHERE public_key_sha256 = ?');
  const remove = db.prepare('DELETE FROM apple_pending_keys WHERE id = ?');

  return {
    save(key: Omit<PendingKey, 'id'>): PendingKey {
      return db.transaction(() => {
        const id = Number(insert.run(key.publicKeySha256, key.privateKeyPem, key.csrPem, key.commonName, key.createdAt).lastInsertRowid);
        trim.run(PENDING_KEYS_KEPT);
        return { ...key, id };
      })();
    },
    latest(): PendingKey | undefined {
      const row = latest.get();
      return row ? toKey(row) : undefined;
    },
    byPublicKey(sha256: string): PendingKey | undefined {
      const row = byKey.get(sha256);
      return row ? toKey(row) : undefined;
    },
    remove(id: number): void {
      remove.run(id);
    },
  };
}

export type PendingKeysRepository = ReturnType<typeof createPendingKeysRepository>;
