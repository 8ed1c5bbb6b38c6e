import type { Db } from '../db/connection.js';
import { type ActivityBuffer, type ActivitySimulator, REASON_PURCHASE, REASONS } from './activity.js';
import { BulkInsert } from './bulk-insert.js';
import { type Enrolments, SOURCES } from './enrolment.js';
import { type PeopleFactory, referralCode } from './people.js';
import type { Rng } from './random.js';

// Rows of each table are flushed per block of customers, parents first (foreign keys are checked per statement).
const BLOCK = 256;

export interface CustomerWriterContext {
  count: number;
  seed: number;
  rng: Rng;
  storeIds: readonly number[];
  enrolments: Enrolments;
  people: PeopleFactory;
  simulator: ActivitySimulator;
  activity: ActivityBuffer;
  /** Called after each percent or so of the customers, never with the total: the caller reports completion. */
  onProgress: ((done: number, total: number) => void) | undefined;
}

/** Writes the customers in enrolment order, each followed by its purchases and points. */
export function writeCustomers(db: Db, ctx: CustomerWriterContext): { purchases: number; pointsEntries: number } {
  const { count, rng, storeIds, people, simulator, onProgress } = ctx;
  const maxId = (table: string): number =>
    (db.prepare(`SELECT COALESCE(MAX(id), 0) AS id FROM ${table}`).get() as { id: number }).id;
  const customerBase = maxId('customers');
  let purchaseId = maxId('purchases');
  const firstPurchaseId = purchaseId;
  let blockFirstPurchase = purchaseId;

  // One customer per statement: a multi-row INSERT keeps a statement journal of every page it touches, and each
  // customer touches two random pages (the e-mail and referral-code indexes). Purchases land on few pages per batch.
  const customers = new BulkInsert(
    db,
    `INSERT INTO customers (id, email, first_name, last_name, phone, birthday, gender, city, postcode, latitude,
       longitude, locale, preferred_store_id, consent_marketing, preferences, points_balance, tier, referral_code,
       referred_by, source, created_at, updated_at)`,
    22,
    1,
  );
  // external_id is assembled by SQLite from a number: cheaper to bind than a string made in JavaScript.
  const purchases = new BulkInsert(
    db,
    `INSERT INTO purchases (id, customer_id, store_id, channel, amount_cents, item_count, external_id, purchased_at)`,
    8,
    64,
    "(?, ?, ?, ?, ?, ?, 'demo-p-' || ?, ?)",
  );
  // The ledger line of each purchase is derived in SQL, without a trip through JavaScript; only rewards and referral
  // bonuses are bound row by row.
  const purchaseEntries = db.prepare(
    `INSERT INTO points_ledger (customer_id, delta, reason, purchase_id, created_at)
     SELECT customer_id, amount_cents / 100, 'purchase', id, purchased_at FROM purchases WHERE id > ? AND id <= ?`,
  );
  const ledger = new BulkInsert(
    db,
    'INSERT INTO points_ledger (customer_id, delta, reason, purchase_id, created_at)',
    5,
  );
  const categories = new BulkInsert(db, 'INSERT INTO customer_categories (customer_id, category)', 2, 64);
  const g = categories.values;
  const c = customers.values;
  const p = purchases.values;
  const l = ledger.values;
  const act = ctx.activity;
  const e = ctx.enrolments;
  const salt = Math.imul(ctx.seed, 0x9e3779b1) & 0x3fffffff;
  const progressEvery = Math.max(BLOCK, Math.ceil(count / 100 / BLOCK) * BLOCK);
  let entries = 0;

  for (let i = 0; i < count; i++) {
    const id = customerBase + i + 1;
    const home = e.storeIndex[i] as number;
    const person = people.make(rng, home);
    simulator.simulate(rng, i, act);
    const created = e.createdAt[i] as number;
    const referrer = e.referrer[i] as number;

    let o = customers.row();
    c[o++] = id;
    c[o++] = person.email;
    c[o++] = person.firstName;
    c[o++] = person.lastName;
    c[o++] = person.phone;
    c[o++] = person.birthday;
    c[o++] = person.gender;
    c[o++] = person.city;
    c[o++] = person.postcode;
    c[o++] = person.latitude;
    c[o++] = person.longitude;
    c[o++] = person.locale;
    c[o++] = storeIds[home];
    c[o++] = person.consentMarketing;
    c[o++] = person.preferences;
    // Balance and tier come from the ledger once every line is written (settleFromLedger, the one tier rule).
    c[o++] = 0;
    c[o++] = 'member';
    c[o++] = referralCode(id, salt);
    c[o++] = referrer >= 0 ? customerBase + referrer + 1 : null;
    c[o++] = SOURCES[e.source[i] as number];
    c[o++] = created;
    c[o++] = Math.max(created, act.lastActivity);

    for (const category of person.categories) {
      let q = categories.row();
      g[q++] = id;
      g[q++] = category;
    }
    for (let k = 0; k < act.purchases; k++) {
      const store = act.store[k] as number;
      purchaseId++;
      let q = purchases.row();
      p[q++] = purchaseId;
      p[q++] = id;
      p[q++] = store < 0 ? null : storeIds[store];
      p[q++] = store < 0 ? 'online' : 'store';
      p[q++] = act.amountCents[k];
      p[q++] = act.items[k];
      p[q++] = purchaseId - firstPurchaseId;
      p[q++] = act.time[k];
    }
    for (let k = 0; k < act.entries; k++) {
      if (act.reason[k] === REASON_PURCHASE) continue;
      let q = ledger.row();
      l[q++] = id;
      l[q++] = act.delta[k];
      l[q++] = REASONS[act.reason[k] as number];
      l[q++] = null;
      l[q++] = act.entryTime[k];
    }
    entries += act.entries;

    if ((i + 1) % BLOCK === 0 || i + 1 === count) {
      customers.flush();
      categories.flush();
      purchases.flush();
      purchaseEntries.run(blockFirstPurchase, purchaseId);
      blockFirstPurchase = purchaseId;
      ledger.flush();
      if (onProgress && (i + 1) % progressEvery === 0 && i + 1 < count) onProgress(i + 1, count);
    }
  }
  return { purchases: purchaseId - firstPurchaseId, pointsEntries: entries };
}
