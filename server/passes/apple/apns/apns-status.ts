/**
 * Whether pushes currently work, where the admin UI can read it: a row of the `settings` table (key `apns.status`,
 * like the admin password hash, outside the registry of editable settings). Written on a change only: the first
 * success after a problem, and each problem.
 */
import type { Db } from '../../../db/connection.js';

export const APNS_STATUS_KEY = 'apns.status';

export interface ApnsStatus {
  ok: boolean;
  /** APNs' reason (BadCertificate, …) or our own (UntrustedServer, Unreachable, InvalidIdentity). */
  code?: string;
  message?: string;
  /** Epoch ms. */
  at: number;
}

export function readApnsStatus(db: Db): ApnsStatus | undefined {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(APNS_STATUS_KEY);
  return row ? (JSON.parse(row.value) as ApnsStatus) : undefined;
}

export function writeApnsStatus(db: Db, status: ApnsStatus): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(APNS_STATUS_KEY, JSON.stringify(status), status.at);
}

/** Forgets a recorded problem: it was about credentials that are no longer used (a new certificate was imported). */
export function clearApnsProblem(db: Db): boolean {
  return db.prepare(`DELETE FROM settings WHERE key = ? AND json_extract(value, '$.ok') = 0`).run(APNS_STATUS_KEY).changes > 0;
}
