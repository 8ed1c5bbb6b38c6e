/**
 * The tags Wallet's "what changed?" call compares (reference/apple-wallet.md §1.2, list endpoint): opaque to the
 * phone, but "the later tag must also be later than every earlier tag". One global sequence in the database, taken
 * inside the caller's transaction: max(previous + 1, now). Sent as a decimal string (Wallet ignores a number).
 */
import type { Db } from '../../db/connection.js';

/** What a phone may send back as passesUpdatedSince: our own decimal tags (16 digits covers epoch ms for ages). */
export const TAG_PATTERN = '^[0-9]{1,16}$';
const TAG = new RegExp(TAG_PATTERN);

export function createTagSequence(db: Db) {
  const next = db.prepare<[number], { last_tag: number }>(
    'UPDATE pass_update_seq SET last_tag = MAX(last_tag + 1, ?) WHERE id = 1 RETURNING last_tag',
  );
  return {
    /** The next tag; call inside the transaction that writes it, so that a rollback gives it back. */
    next(now: number): number {
      const row = next.get(now);
      if (!row) throw new Error('pass_update_seq has no row: migration 004 did not run');
      return row.last_tag;
    },
  };
}

/** A tag as Wallet must receive it: a string. */
export const tagString = (tag: number): string => String(tag);

/** passesUpdatedSince as sent by the phone; undefined when absent or empty (some phones send it empty). */
export function parseTag(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!TAG.test(value)) return undefined;
  return Number(value);
}
