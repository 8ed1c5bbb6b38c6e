/**
 * The issuer account row (google_account): our id namespace, the service-account key, and the last word from Google.
 * The key is read for each batch of calls, so a key imported by the CLI reaches a running server at the next call.
 */
import type { Db } from '../../db/connection.js';
import type { ServiceAccount } from './service-account.js';

export interface StoredKey {
  clientEmail: string;
  privateKeyPem: string;
  privateKeyId: string;
  projectId: string;
  fingerprint: string;
  savedAt: number;
}

export interface AccountStatus {
  lastError: string | null;
  lastErrorAt: number | null;
  lastOkAt: number | null;
}

interface Row {
  namespace: string;
  client_email: string | null;
  private_key_pem: string | null;
  private_key_id: string;
  project_id: string;
  key_fingerprint: string | null;
  key_saved_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  last_ok_at: number | null;
}

export function createAccountRepository(db: Db) {
  const row = db.prepare<[], Row>('SELECT * FROM google_account WHERE id = 1');
  const saveKey = db.prepare(
    `UPDATE google_account SET client_email = @clientEmail, private_key_pem = @privateKeyPem, private_key_id = @privateKeyId,
       project_id = @projectId, key_fingerprint = @fingerprint, key_saved_at = @at, last_error = NULL, last_error_at = NULL
     WHERE id = 1`,
  );
  const removeKey = db.prepare(
    `UPDATE google_account SET client_email = NULL, private_key_pem = NULL, private_key_id = '', project_id = '',
       key_fingerprint = NULL, key_saved_at = NULL, last_error = NULL, last_error_at = NULL WHERE id = 1`,
  );
  const setError = db.prepare('UPDATE google_account SET last_error = ?, last_error_at = ? WHERE id = 1');
  const setOk = db.prepare('UPDATE google_account SET last_error = NULL, last_error_at = NULL, last_ok_at = ? WHERE id = 1');
  const get = (): Row => row.get()!;

  return {
    namespace: (): string => get().namespace,
    key(): StoredKey | undefined {
      const r = get();
      if (r.client_email === null || r.private_key_pem === null || r.key_fingerprint === null) return undefined;
      return {
        clientEmail: r.client_email,
        privateKeyPem: r.private_key_pem,
        privateKeyId: r.private_key_id,
        projectId: r.project_id,
        fingerprint: r.key_fingerprint,
        savedAt: r.key_saved_at ?? 0,
      };
    },
    saveKey(key: ServiceAccount, at: number): void {
      saveKey.run({ ...key, at });
    },
    removeKey: (): void => void removeKey.run(),
    status(): AccountStatus {
      const r = get();
      return { lastError: r.last_error, lastErrorAt: r.last_error_at, lastOkAt: r.last_ok_at };
    },
    /** Written on a change only: one row write per outage, not one per call that met it. */
    recordError(message: string, at: number): void {
      if (get().last_error !== message) setError.run(message.slice(0, 1000), at);
    },
    recordOk(at: number): void {
      const r = get();
      if (r.last_error !== null || r.last_ok_at === null || at - r.last_ok_at > 60_000) setOk.run(at);
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
