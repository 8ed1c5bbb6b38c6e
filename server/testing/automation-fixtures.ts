/**
 * Customers holding a card in a wallet, written straight into a migrated database as the web service would have left
 * them (customer, loyalty design, Apple pass, its install event), for the automations' and the dashboard's tests.
 */
import type { Db } from '../db/connection.js';

export interface CardHolder {
  email: string;
  firstName?: string;
  locale?: 'fr' | 'en';
  birthday?: string | null;
  createdAt: number;
  /** When the card went into a wallet; absent: a customer without a card in a wallet. */
  installedAt?: number;
  platform?: 'apple' | 'google';
  consent?: boolean;
  preferredStoreId?: number | null;
}

function ensureDesign(db: Db): number {
  const id = db.prepare<[], { id: number }>(`SELECT id FROM card_designs WHERE kind = 'loyalty' ORDER BY id LIMIT 1`).get()?.id;
  if (id !== undefined) return id;
  return Number(
    db.prepare(`INSERT INTO card_designs (name, kind, design, is_default, created_at, updated_at) VALUES ('Carte', 'loyalty', '{}', 1, 0, 0)`).run().lastInsertRowid,
  );
}

export function seedCardHolder(db: Db, c: CardHolder): number {
  const design = ensureDesign(db);
  const id = Number(
    db
      .prepare(
        `INSERT INTO customers (email, first_name, locale, birthday, referral_code, consent_marketing, preferred_store_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.email,
        c.firstName ?? 'Camille',
        c.locale ?? 'fr',
        c.birthday ?? null,
        `REF${c.email.replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, 20)}`,
        c.consent === false ? 0 : 1,
        c.preferredStoreId ?? null,
        c.createdAt,
        c.createdAt,
      ).lastInsertRowid,
  );
  const platform = c.platform ?? 'apple';
  const passId = Number(
    db
      .prepare(
        `INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
         VALUES (?, ?, ?, ?, 'pass.test', ?, ?, ?, ?)`,
      )
      .run(id, design, platform, `serial-${id}`, `auth-token-${id}-abcdefghij`, `download-${id}`, c.createdAt, c.createdAt).lastInsertRowid,
  );
  if (c.installedAt !== undefined) walletEvent(db, passId, 'installed', c.installedAt);
  return id;
}

export function walletEvent(db: Db, passId: number, kind: 'installed' | 'uninstalled', at: number): void {
  db.prepare(
    `INSERT INTO wallet_events (pass_id, customer_id, platform, kind, detail, occurred_at) SELECT id, customer_id, platform, ?, '{}', ? FROM passes WHERE id = ?`,
  ).run(kind, at, passId);
}

export const passOf = (db: Db, customerId: number): number =>
  db.prepare<[number], { id: number }>('SELECT id FROM passes WHERE customer_id = ? ORDER BY id LIMIT 1').get(customerId)!.id;
