/**
 * Apple pass rows: one per (customer, design), created once with its secrets and never re-keyed (Apple: the serial
 * and authenticationToken of a pass never change). Creation is an idempotent insert, so two requests issuing the
 * same card at once end up with the same row.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/connection.js';

export interface PassRow {
  id: number;
  customerId: number;
  designId: number;
  serial: string;
  passTypeIdentifier: string;
  authToken: string;
  downloadId: string;
  version: number;
  updatedAt: number;
  createdAt: number;
  /** The latest lock-screen message ('' until one is sent). */
  message: string;
}

/** A `passes` row as SQLite returns it; other modules extend it with the columns later migrations added. */
export interface PassTableRow {
  id: number;
  customer_id: number;
  design_id: number;
  serial: string;
  pass_type_identifier: string;
  auth_token: string;
  download_id: string;
  version: number;
  updated_at: number;
  created_at: number;
  message: string;
}
type Row = PassTableRow;

/** 32 random bytes in base64url: 43 characters of [A-Za-z0-9_-]. */
export const DOWNLOAD_ID = /^[A-Za-z0-9_-]{43}$/;

const token = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** URL-safe, short enough for Wallet's URLs (22 characters), 128 bits so that serials never collide. */
export const newSerial = (): string => token(16);
/** Apple asks for ≥ 16 characters; 256 bits, compared in constant time by the web service. */
export const newAuthToken = (): string => token(32);
/** The unguessable part of the public download URL. */
export const newDownloadId = (): string => token(32);

/** A `passes` row (or a query's row that extends it) as the PassRow the rest of the code uses. */
export const toPass = (r: PassTableRow): PassRow => ({
  id: r.id,
  customerId: r.customer_id,
  designId: r.design_id,
  serial: r.serial,
  passTypeIdentifier: r.pass_type_identifier,
  authToken: r.auth_token,
  downloadId: r.download_id,
  version: r.version,
  updatedAt: r.updated_at,
  createdAt: r.created_at,
  message: r.message,
});

export function createPassesRepository(db: Db, now: () => number = Date.now) {
  const byId = db.prepare<[number], Row>(`SELECT * FROM passes WHERE id = ? AND platform = 'apple'`);
  const byDownload = db.prepare<[string], Row>(`SELECT * FROM passes WHERE download_id = ? AND platform = 'apple'`);
  const byCustomerDesign = db.prepare<[number, number], Row>(
    `SELECT * FROM passes WHERE customer_id = ? AND design_id = ? AND platform = 'apple'`,
  );
  const firstOfCustomer = db.prepare<[number], Row>(
    `SELECT * FROM passes WHERE customer_id = ? AND platform = 'apple' ORDER BY created_at, id LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, version,
       updated_at, created_at)
     VALUES (?, ?, 'apple', ?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT (customer_id, design_id, platform) DO NOTHING`,
  );
  const setType = db.prepare('UPDATE passes SET pass_type_identifier = ? WHERE id = ? AND pass_type_identifier <> ?');

  return {
    get: (id: number): PassRow | undefined => {
      const r = byId.get(id);
      return r ? toPass(r) : undefined;
    },
    byDownloadId: (downloadId: string): PassRow | undefined => {
      if (!DOWNLOAD_ID.test(downloadId)) return undefined;
      const r = byDownload.get(downloadId);
      return r ? toPass(r) : undefined;
    },
    find: (customerId: number, designId: number): PassRow | undefined => {
      const r = byCustomerDesign.get(customerId, designId);
      return r ? toPass(r) : undefined;
    },
    /** The customer's oldest Apple pass, whatever its design. */
    firstOf: (customerId: number): PassRow | undefined => {
      const r = firstOfCustomer.get(customerId);
      return r ? toPass(r) : undefined;
    },
    /** The customer's pass of this design, created with fresh secrets if it does not exist yet. */
    issue(customerId: number, designId: number, passTypeIdentifier: string): PassRow {
      const at = now();
      insert.run(customerId, designId, newSerial(), passTypeIdentifier, newAuthToken(), newDownloadId(), at, at);
      return toPass(byCustomerDesign.get(customerId, designId)!);
    },
    /** Records which pass type the latest bytes carry (it changes when the shop imports its own certificate). */
    setPassTypeIdentifier(id: number, passTypeIdentifier: string): void {
      setType.run(passTypeIdentifier, id, passTypeIdentifier);
    },
  };
}

export type PassesRepository = ReturnType<typeof createPassesRepository>;
