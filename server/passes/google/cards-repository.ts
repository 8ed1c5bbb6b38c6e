/**
 * Google cards: `passes` rows with platform 'google' (one per customer and design, created on first need, the serial
 * naming the Google object) and their sync state in google_objects; the classes Google holds (google_classes).
 */
import type { Db } from '../../db/connection.js';
import type { CustomerRow } from '../cards/customer-facts.js';
import { newAuthToken, newDownloadId, newSerial } from '../cards/passes-repository.js';

export interface GoogleCard {
  passId: number;
  customerId: number;
  designId: number;
  serial: string;
  createdAt: number;
  state: 'ACTIVE' | 'EXPIRED' | 'INACTIVE';
  /** Of the body Google last accepted; null: never inserted. */
  bodyHash: string | null;
  notifySeq: number;
  notifiedSeq: number;
}

/** A card with everything its object is made of. */
export interface GoogleCardFacts extends GoogleCard {
  customer: CustomerRow;
  locale: string;
  /** Where the customer is (their preferred store, else their own coordinates), for the nearest stores. */
  origin: { latitude: number; longitude: number } | undefined;
}

interface Row {
  pass_id: number;
  customer_id: number;
  design_id: number;
  serial: string;
  created_at: number;
  state: GoogleCard['state'];
  body_hash: string | null;
  notify_seq: number;
  notified_seq: number;
}

interface FactsRow extends Row {
  c_id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  points_balance: number;
  tier: string;
  referral_code: string;
  c_created_at: number;
  store_name: string | null;
  tier_name_fr: string | null;
  tier_name_en: string | null;
  preferences_token: string | null;
  locale: string;
  lat: number | null;
  lng: number | null;
}

const CARD = `SELECT p.id AS pass_id, p.customer_id, p.design_id, p.serial, p.created_at, g.state, g.body_hash, g.notify_seq, g.notified_seq
  FROM passes p JOIN google_objects g ON g.pass_id = p.id`;

const toCard = (r: Row): GoogleCard => ({
  passId: r.pass_id,
  customerId: r.customer_id,
  designId: r.design_id,
  serial: r.serial,
  createdAt: r.created_at,
  state: r.state,
  bodyHash: r.body_hash,
  notifySeq: r.notify_seq,
  notifiedSeq: r.notified_seq,
});

export function createCardsRepository(db: Db) {
  const insertPass = db.prepare(
    `INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, version, updated_at, created_at)
     VALUES (?, ?, 'google', ?, '', ?, ?, 1, ?, ?)
     ON CONFLICT (customer_id, design_id, platform) DO NOTHING`,
  );
  const insertObject = db.prepare(
    `INSERT INTO google_objects (pass_id) SELECT id FROM passes WHERE customer_id = ? AND design_id = ? AND platform = 'google'
     ON CONFLICT (pass_id) DO NOTHING`,
  );
  const byCustomerDesign = db.prepare<[number, number], Row>(`${CARD} WHERE p.customer_id = ? AND p.design_id = ? AND p.platform = 'google'`);
  const byId = db.prepare<[number], Row>(`${CARD} WHERE p.id = ?`);
  const bySerial = db.prepare<[string], Row>(`${CARD} WHERE p.serial = ? AND p.platform = 'google'`);
  const ofCustomer = db.prepare<[number], Row>(`${CARD} WHERE p.customer_id = ? ORDER BY p.created_at, p.id`);
  const facts = db.prepare<[string], FactsRow>(
    `SELECT p.id AS pass_id, p.customer_id, p.design_id, p.serial, p.created_at, g.state, g.body_hash, g.notify_seq, g.notified_seq,
            c.id AS c_id, c.first_name, c.last_name, c.email, c.points_balance, c.tier, c.referral_code, c.created_at AS c_created_at,
            c.locale, s.name AS store_name, t.name_fr AS tier_name_fr, t.name_en AS tier_name_en, c.preferences_token,
            COALESCE(s.latitude, c.latitude) AS lat, COALESCE(s.longitude, c.longitude) AS lng
     FROM json_each(?) AS j
     JOIN passes p ON p.id = j.value AND p.platform = 'google'
     JOIN google_objects g ON g.pass_id = p.id
     JOIN customers c ON c.id = p.customer_id
     LEFT JOIN stores s ON s.id = c.preferred_store_id
     LEFT JOIN loyalty_tiers t ON t.id = c.tier`,
  );
  // The Google cards a change reaches: by customer, by design, or the Google twins of any cards named (an Apple
  // card's change is the same customer's change on the same design).
  const ofCustomers = db.prepare<[string], { id: number }>(
    `SELECT p.id FROM passes p WHERE p.platform = 'google' AND p.customer_id IN (SELECT value FROM json_each(?))`,
  );
  const ofDesigns = db.prepare<[string], { id: number }>(
    `SELECT p.id FROM passes p WHERE p.platform = 'google' AND p.design_id IN (SELECT value FROM json_each(?))`,
  );
  const twins = db.prepare<[string], { id: number }>(
    `SELECT DISTINCT g.id FROM passes a JOIN passes g ON g.customer_id = a.customer_id AND g.design_id = a.design_id AND g.platform = 'google'
     WHERE a.id IN (SELECT value FROM json_each(?))`,
  );
  const bumpNotify = db.prepare(`UPDATE google_objects SET notify_seq = notify_seq + 1 WHERE pass_id IN (SELECT value FROM json_each(?))`);
  const setState = db.prepare(`UPDATE google_objects SET state = ? WHERE pass_id IN (SELECT value FROM json_each(?))`);
  const synced = db.prepare(
    `UPDATE google_objects SET body_hash = @hash, notified_seq = max(notified_seq, @notified), synced_at = @at, last_error = NULL WHERE pass_id = @passId`,
  );
  const failed = db.prepare('UPDATE google_objects SET last_error = ? WHERE pass_id = ?');
  const forget = db.prepare('UPDATE google_objects SET body_hash = NULL WHERE pass_id = ?');
  const classHash = db.prepare<[string], { body_hash: string }>('SELECT body_hash FROM google_classes WHERE class_id = ?');
  const saveClass = db.prepare(
    `INSERT INTO google_classes (class_id, design_id, body_hash, synced_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (class_id) DO UPDATE SET body_hash = excluded.body_hash, synced_at = excluded.synced_at`,
  );
  const stores = db.prepare<[], { latitude: number; longitude: number }>('SELECT latitude, longitude FROM stores');
  const customer = db.prepare<[number], { id: number }>('SELECT id FROM customers WHERE id = ?');
  // A tier's name is the loyalty programme's (a class per tier shows it as rewardsTier).
  const tierNameOf = db.prepare<[string], { fr: string; en: string }>('SELECT name_fr AS fr, name_en AS en FROM loyalty_tiers WHERE id = ?');
  const firstDesign = db.prepare<[number], { design_id: number }>('SELECT design_id FROM passes WHERE customer_id = ? ORDER BY created_at, id LIMIT 1');
  const counts = db.prepare<[], { cards: number; synced: number; errors: number }>(
    `SELECT COUNT(*) AS cards, COUNT(body_hash) AS synced, COUNT(last_error) AS errors FROM google_objects`,
  );

  const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id);

  return {
    /** The customer's Google card of this design, created (with its sync row) if it does not exist yet. */
    issue(customerId: number, designId: number, at: number): GoogleCard {
      return db.transaction(() => {
        insertPass.run(customerId, designId, newSerial(), newAuthToken(), newDownloadId(), at, at);
        insertObject.run(customerId, designId);
        return toCard(byCustomerDesign.get(customerId, designId)!);
      })();
    },
    find(customerId: number, designId: number): GoogleCard | undefined {
      const r = byCustomerDesign.get(customerId, designId);
      return r ? toCard(r) : undefined;
    },
    get(passId: number): GoogleCard | undefined {
      const r = byId.get(passId);
      return r ? toCard(r) : undefined;
    },
    bySerial(serial: string): GoogleCard | undefined {
      const r = bySerial.get(serial);
      return r ? toCard(r) : undefined;
    },
    ofCustomer: (customerId: number): GoogleCard[] => ofCustomer.all(customerId).map(toCard),
    facts(passIds: readonly number[]): GoogleCardFacts[] {
      return facts.all(JSON.stringify(passIds)).map((r) => ({
        ...toCard(r),
        customer: {
          id: r.c_id,
          first_name: r.first_name,
          last_name: r.last_name,
          email: r.email,
          points_balance: r.points_balance,
          tier: r.tier,
          referral_code: r.referral_code,
          created_at: r.c_created_at,
          store_name: r.store_name,
          tier_name_fr: r.tier_name_fr,
          tier_name_en: r.tier_name_en,
          preferences_token: r.preferences_token,
        },
        locale: r.locale,
        origin: r.lat === null || r.lng === null ? undefined : { latitude: r.lat, longitude: r.lng },
      }));
    },
    tierName: (id: string): { fr: string; en: string } | undefined => tierNameOf.get(id),
    idsOfCustomers: (customerIds: readonly number[]): number[] => ids(ofCustomers.all(JSON.stringify(customerIds))),
    idsOfDesigns: (designIds: readonly number[]): number[] => ids(ofDesigns.all(JSON.stringify(designIds))),
    /** The Google cards of the same customers and designs as these cards (any platform), themselves included. */
    twinsOf: (passIds: readonly number[]): number[] => ids(twins.all(JSON.stringify(passIds))),
    requestNotify: (passIds: readonly number[]): void => void bumpNotify.run(JSON.stringify(passIds)),
    setState: (passIds: readonly number[], state: GoogleCard['state']): void => void setState.run(state, JSON.stringify(passIds)),
    markSynced(passId: number, hash: string, notifiedSeq: number, at: number): void {
      synced.run({ passId, hash, notified: notifiedSeq, at });
    },
    markFailed: (passId: number, error: string): void => void failed.run(error.slice(0, 1000), passId),
    /** Google no longer has it (404): the next sync inserts it again. */
    forgetInserted: (passId: number): void => void forget.run(passId),
    classHash: (classId: string): string | undefined => classHash.get(classId)?.body_hash,
    saveClass: (classId: string, designId: number, hash: string, at: number): void => void saveClass.run(classId, designId, hash, at),
    storeCoordinates: () => stores.all(),
    customerExists: (customerId: number): boolean => customer.get(customerId) !== undefined,
    /** The design of the customer's first card in any wallet (their Google card takes the same one). */
    designOfCustomer: (customerId: number): number | undefined => firstDesign.get(customerId)?.design_id,
    counts: () => counts.get() ?? { cards: 0, synced: 0, errors: 0 },
  };
}

export type CardsRepository = ReturnType<typeof createCardsRepository>;
