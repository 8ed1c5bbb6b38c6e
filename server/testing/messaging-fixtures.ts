/**
 * Customers whose cards are in a wallet, written straight into a migrated database as the web service would leave
 * them: an Apple pass, a device registered for it, and the 'installed' wallet event (its one writer, which keeps the
 * customer's wallet columns current). For the guard, segment and campaign tests, which need many of them fast.
 */
import type { Db } from '../db/connection.js';
import { createWalletEvents } from '../passes/cards/wallet-events.js';
import { pushTokenFor } from './wallet-fixtures.js';

export interface WalletCustomerOptions {
  email: string;
  firstName?: string;
  consent?: boolean;
  locale?: 'fr' | 'en';
  /** false: the customer has a card that is in no wallet. */
  installed?: boolean;
  platform?: 'apple' | 'google';
  /** Push token seed of the device (Apple). */
  device?: number | string;
  passTypeIdentifier?: string;
  at?: number;
}

function designId(db: Db, at: number): number {
  const row = db.prepare<[], { id: number }>(`SELECT id FROM card_designs WHERE kind = 'loyalty' ORDER BY is_default DESC, id LIMIT 1`).get();
  if (row) return row.id;
  return Number(
    db.prepare(`INSERT INTO card_designs (name, kind, design, is_default, created_at, updated_at) VALUES ('Carte', 'loyalty', '{}', 1, ?, ?)`).run(at, at)
      .lastInsertRowid,
  );
}

let serials = 0;

/** A customer with one card; installed in a wallet unless told otherwise. Returns the customer's id. */
export function walletCustomer(db: Db, o: WalletCustomerOptions): number {
  const at = o.at ?? Date.now();
  const events = createWalletEvents(db);
  return db.transaction(() => {
    const consent = o.consent ?? true;
    const id = Number(
      db
        .prepare(
          `INSERT INTO customers (email, first_name, locale, consent_marketing, consent_marketing_at, referral_code, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(o.email, o.firstName ?? 'Camille', o.locale ?? 'fr', consent ? 1 : 0, consent ? at : null, `REF${++serials}X${o.email.length}`, at, at).lastInsertRowid,
    );
    const platform = o.platform ?? 'apple';
    const tag = `${id}-${serials}`;
    const passId = Number(
      db
        .prepare(
          `INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, designId(db, at), platform, `serial-w${tag}`, o.passTypeIdentifier ?? 'pass.test.passerelle', `auth-token-w${tag}-000`, `dl-w${tag}`, at, at)
        .lastInsertRowid,
    );
    if (o.installed ?? true) {
      if (platform === 'apple') {
        const deviceId = Number(
          db
            .prepare(`INSERT INTO devices (device_library_id, push_token, created_at, updated_at) VALUES (?, ?, ?, ?)`)
            .run(`library-w${tag}`, pushTokenFor(o.device ?? `w${tag}`), at, at).lastInsertRowid,
        );
        db.prepare(`INSERT INTO registrations (device_id, pass_id, created_at) VALUES (?, ?, ?)`).run(deviceId, passId, at);
      }
      events.record(passId, 'installed', { devices: 1 }, at);
    }
    return id;
  })();
}

export interface SeededWalletCustomers {
  customerIds: number[];
  /** Push token of each customer's device, in customerIds' order. */
  tokens: string[];
}

/**
 * Many customers with their Apple card registered on one device each, in one transaction (a campaign of 100,000).
 * The 'installed' events go through the one writer, so the customers' wallet columns are what the app would keep.
 */
export function seedWalletCustomers(db: Db, o: { count: number; passTypeIdentifier: string; at?: number }): SeededWalletCustomers {
  const at = o.at ?? Date.now();
  const events = createWalletEvents(db);
  const customer = db.prepare(
    `INSERT INTO customers (email, first_name, consent_marketing, consent_marketing_at, referral_code, created_at, updated_at)
     VALUES (?, ?, 1, ?, ?, ?, ?)`,
  );
  const pass = db.prepare(
    `INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
     VALUES (?, ?, 'apple', ?, ?, ?, ?, ?, ?)`,
  );
  const device = db.prepare(`INSERT INTO devices (device_library_id, push_token, created_at, updated_at) VALUES (?, ?, ?, ?)`);
  const registration = db.prepare(`INSERT INTO registrations (device_id, pass_id, created_at) VALUES (?, ?, ?)`);
  const customerIds: number[] = [];
  const tokens: string[] = [];
  db.transaction(() => {
    const design = designId(db, at);
    for (let i = 0; i < o.count; i++) {
      const tag = `bulk-${i}`;
      const id = Number(customer.run(`${tag}@example.fr`, `Client ${i}`, at, `BULK${i}`, at, at).lastInsertRowid);
      const passId = Number(pass.run(id, design, `serial-${tag}`, o.passTypeIdentifier, `auth-token-${tag}-0000`, `dl-${tag}`, at, at).lastInsertRowid);
      const token = pushTokenFor(tag);
      registration.run(Number(device.run(`library-${tag}`, token, at, at).lastInsertRowid), passId, at);
      events.record(passId, 'installed', { devices: 1 }, at);
      customerIds.push(id);
      tokens.push(token);
    }
  })();
  return { customerIds, tokens };
}

/** An existing customer's card put in Apple Wallet on one device, as the web service records it. Returns the pass id. */
export function putCardInWallet(db: Db, customerId: number, o: { passTypeIdentifier?: string; at?: number } = {}): number {
  const at = o.at ?? Date.now();
  const events = createWalletEvents(db);
  return db.transaction(() => {
    const tag = `in-${customerId}-${++serials}`;
    const passId = Number(
      db
        .prepare(
          `INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
           VALUES (?, ?, 'apple', ?, ?, ?, ?, ?, ?)`,
        )
        .run(customerId, designId(db, at), `serial-${tag}`, o.passTypeIdentifier ?? 'pass.test.passerelle', `auth-token-${tag}-000`, `dl-${tag}`, at, at).lastInsertRowid,
    );
    const deviceId = Number(
      db.prepare(`INSERT INTO devices (device_library_id, push_token, created_at, updated_at) VALUES (?, ?, ?, ?)`).run(`library-${tag}`, pushTokenFor(tag), at, at)
        .lastInsertRowid,
    );
    db.prepare(`INSERT INTO registrations (device_id, pass_id, created_at) VALUES (?, ?, ?)`).run(deviceId, passId, at);
    events.record(passId, 'installed', { devices: 1 }, at);
    return passId;
  })();
}
