import type { Db } from '../db/connection.js';
import { AppError } from '../errors.js';
import type { DesignContent } from '../passes/design/schema.js';
import { encodeGeohash } from '../stores/geohash.js';
import { ActivityBuffer, ActivitySimulator } from './activity.js';
import { refreshDerived } from '../customers/bulk.js';
import { setUpProgramme, settleFromLedger } from '../loyalty/bulk.js';
import { DEMO_TIERS, LOYALTY_DESIGN, LOYALTY_DESIGN_NAME, REFERRAL_BONUS_POINTS, REWARD_COST_POINTS, SETTINGS } from './brand-data.js';
import { withIndexesRebuilt } from './bulk-insert.js';
import { buildCalendar } from './calendar.js';
import { writeCustomers } from './customers-writer.js';
import { writeWalletHistory } from './wallet-history.js';
import { HISTORY_MS, planEnrolments } from './enrolment.js';
import { PeopleFactory } from './people.js';
import { Rng } from './random.js';
import { DEMO_STORES } from './stores-data.js';
import { storeWindows } from './timing.js';

export interface DemoOptions {
  customers?: number;
  seed?: number;
  now?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Also the brand's life in wallets (demo/wallet-history.ts): cards added and removed, messages, campaigns with a
   * control group. Off by default: tests of other features count a demo whose customers hold no card.
   */
  walletHistory?: boolean;
  /** Image id (SHA-256) of the card's icon, which Apple requires. Storing an image is asynchronous and this function
   * is not, so the caller ingests it first (e.g. the image pipeline's default icon in the brand colour). */
  icon?: string;
}

export interface DemoSummary {
  stores: number;
  customers: number;
  purchases: number;
  designs: number;
  pointsEntries: number;
}

export const DEFAULT_DEMO_CUSTOMERS = 1_000;
export const MAX_DEMO_CUSTOMERS = 5_000_000;
export const DEFAULT_DEMO_SEED = 1;

// A bigger page cache while the tables grow, so that inserts into the e-mail and referral-code indexes (random keys)
// find their pages in memory. Restored afterwards.
const GENERATION_CACHE_KIB = 256 * 1024;

/**
 * Fills an empty database with a believable brand: Maison Fauvette's settings, shops, loyalty card, customers with 18
 * months of purchases and points. Deterministic for a given seed and `now`. Everything is written in one transaction:
 * an interrupted run leaves the database as empty as it was.
 */
export function generateDemo(db: Db, opts: DemoOptions = {}): DemoSummary {
  const count = opts.customers ?? DEFAULT_DEMO_CUSTOMERS;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_CUSTOMERS) {
    throw new AppError(
      'INVALID_DEMO_SIZE',
      `The number of demo customers must be a whole number from 1 to ${MAX_DEMO_CUSTOMERS.toLocaleString('en')}.`,
      400,
    );
  }
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const now = Math.floor(opts.now ?? Date.now());
  if (!Number.isInteger(seed) || !Number.isFinite(now) || now < HISTORY_MS) {
    throw new AppError('INVALID_DEMO_OPTIONS', 'The demo seed must be a whole number and `now` a time in epoch ms.', 400);
  }
  if (opts.icon !== undefined && !/^[0-9a-f]{64}$/.test(opts.icon)) {
    throw new AppError('INVALID_DEMO_OPTIONS', 'The demo icon must be an image id (64 hexadecimal characters).', 400);
  }
  const design: DesignContent = opts.icon ? { ...LOYALTY_DESIGN, images: { icon: opts.icon } } : LOYALTY_DESIGN;
  assertEmpty(db);

  // Who enrols when is planned before the transaction: it is pure computation and holds no lock.
  const rng = new Rng(seed);
  const start = now - HISTORY_MS;
  const cal = buildCalendar(start, now);
  const windows = DEMO_STORES.map((s) => storeWindows(s.openingHours));
  const storeWeights = DEMO_STORES.map((s) => s.weight);
  const enrolments = planEnrolments(count, start, now, cal, storeWeights, windows, rng);

  const write = (): DemoSummary => {
    assertEmpty(db);
    writeSettings(db, start);
    const storeIds = writeStores(db, start);
    writeDesign(db, design, start);
    setUpProgramme(db, () => start, {
      programme: {
        storePointsPerEuro: 1,
        onlinePointsPerEuro: 1,
        rounding: 'down',
        welcomePoints: 0,
        referralTrigger: 'enrolment',
        referrerPoints: REFERRAL_BONUS_POINTS,
        refereePoints: REFERRAL_BONUS_POINTS,
        expiryMonths: null,
      },
      tiers: DEMO_TIERS,
      rewards: [
        {
          name: { fr: 'Une boisson chaude et une pâtisserie', en: 'A hot drink and a pastry' },
          costPoints: REWARD_COST_POINTS,
          kind: 'instant',
          active: true,
        },
      ],
    });
    // purchases_time is the one index whose keys arrive in random order (purchases are written customer by customer).
    const totals = withIndexesRebuilt(db, ['purchases_time'], () =>
      writeCustomers(db, {
        count,
        seed,
        rng,
        storeIds,
        enrolments,
        people: new PeopleFactory(DEMO_STORES, now),
        simulator: new ActivitySimulator(cal, windows, DEMO_STORES, enrolments, now),
        activity: new ActivityBuffer(),
        onProgress: opts.onProgress,
      }),
    );
    // Cards in wallets, messages and campaigns over the months (with what campaigns' recipients bought after).
    const wallet = opts.walletHistory ? writeWalletHistory(db, { now, start }) : { purchases: 0 };
    // Balances and tiers from the ledger (the one tier rule), aggregates from the purchases, as the app keeps them.
    settleFromLedger(db);
    refreshDerived(db, () => now);
    return { stores: storeIds.length, customers: count, designs: 1, ...totals, purchases: totals.purchases + wallet.purchases, pointsEntries: totals.pointsEntries + wallet.purchases };
  };

  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${GENERATION_CACHE_KIB}`);
  try {
    const summary = db.transaction(write).immediate();
    opts.onProgress?.(count, count);
    return summary;
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
  }
}

function assertEmpty(db: Db): void {
  const row = db
    .prepare<[], { found: number }>(
      'SELECT EXISTS (SELECT 1 FROM customers) OR EXISTS (SELECT 1 FROM stores) AS found',
    )
    .get();
  if (row?.found) {
    throw new AppError(
      'NOT_EMPTY',
      'Demo data can only be generated into an empty database: this one already has customers or stores. ' +
        'Start from a new data folder to try the demo.',
      409,
    );
  }
}

function writeSettings(db: Db, at: number): void {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  for (const [key, value] of Object.entries(SETTINGS)) upsert.run(key, JSON.stringify(value), at);
}

function writeStores(db: Db, at: number): number[] {
  const insert = db.prepare(
    `INSERT INTO stores (name, address, postcode, city, country, phone, latitude, longitude, geohash, radius_m,
       opening_hours, created_at, updated_at) VALUES (?, ?, ?, ?, 'FR', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return DEMO_STORES.map((s) =>
    Number(
      insert.run(
        s.name,
        s.address,
        s.postcode,
        s.city,
        s.phone,
        s.latitude,
        s.longitude,
        encodeGeohash(s.latitude, s.longitude),
        s.radiusM,
        JSON.stringify(s.openingHours),
        at,
        at,
      ).lastInsertRowid,
    ),
  );
}

/** The demo's card becomes the default loyalty design (one default per kind), with its first saved version. */
function writeDesign(db: Db, design: DesignContent, at: number): void {
  const content = JSON.stringify(design);
  db.prepare("UPDATE card_designs SET is_default = 0 WHERE kind = 'loyalty' AND is_default = 1").run();
  const id = db
    .prepare(
      `INSERT INTO card_designs (name, kind, version, design, is_default, created_at, updated_at)
       VALUES (?, 'loyalty', 1, ?, 1, ?, ?)`,
    )
    .run(LOYALTY_DESIGN_NAME, content, at, at).lastInsertRowid;
  db.prepare('INSERT INTO card_design_versions (design_id, version, name, content, created_at) VALUES (?, 1, ?, ?, ?)').run(
    id,
    LOYALTY_DESIGN_NAME,
    content,
    at,
  );
}
