import { REFERRAL_BONUS_POINTS, REWARD_COST_POINTS } from './brand-data.js';
import { DAY_MS, dayIndexOf, type Calendar } from './calendar.js';
import { type Enrolments, SOURCE_ONLINE, SOURCE_REFERRAL, SOURCE_STORE } from './enrolment.js';
import { type Rng, WeightedPicker } from './random.js';
import type { DemoStore } from './stores-data.js';
import { sampleInstant, type StoreWindows } from './timing.js';

export const REASON_PURCHASE = 0;
export const REASON_REWARD = 1;
export const REASON_REFERRAL = 2;
export const REASONS = ['purchase', 'reward', 'referral'] as const;

const MONTH_MS = 30.44 * DAY_MS;
const MINUTE_MS = 60_000;
const ONLINE = 0; // purchase code: 0 online, k > 0 store index k - 1
const CODE_BITS = 32;

/** Purchases per month: most customers come now and then, a few every other day (the regulars of a tea room). */
const PROFILES: readonly { share: number; min: number; max: number }[] = [
  { share: 0.42, min: 0.08, max: 0.3 },
  { share: 0.35, min: 0.4, max: 1.2 },
  { share: 0.18, min: 1.5, max: 4 },
  { share: 0.05, min: 5, max: 14 },
];
const CHURN_SHARE = 0.3;
const CHURN_MEAN_DAYS = 120;
const PREFERRED_STORE_SHARE = 0.88;
const REDEEM_CHANCE = 0.2;

/**
 * One customer's history, written into reusable typed arrays (a million customers must not mean a million small
 * arrays for the garbage collector). Purchases are in time order; the ledger follows them, with referral bonuses and
 * reward redemptions interleaved so that the balance never goes negative.
 */
export class ActivityBuffer {
  purchases = 0;
  time = new Float64Array(256);
  store = new Int16Array(256); // -1 online
  amountCents = new Int32Array(256);
  items = new Int16Array(256);

  entries = 0;
  entryTime = new Float64Array(512);
  delta = new Int32Array(512);
  reason = new Uint8Array(512);

  balance = 0;
  lifetime = 0;
  lastActivity = 0;

  private keys = new Float64Array(256);

  reset(maxPurchases: number, maxEntries: number): void {
    if (maxPurchases > this.time.length) {
      const n = maxPurchases * 2;
      this.time = new Float64Array(n);
      this.store = new Int16Array(n);
      this.amountCents = new Int32Array(n);
      this.items = new Int16Array(n);
      this.keys = new Float64Array(n);
    }
    if (maxEntries > this.delta.length) {
      const n = maxEntries * 2;
      this.entryTime = new Float64Array(n);
      this.delta = new Int32Array(n);
      this.reason = new Uint8Array(n);
    }
    this.purchases = 0;
    this.entries = 0;
    this.balance = 0;
    this.lifetime = 0;
    this.lastActivity = 0;
  }

  /** Purchase instants are collected as `time * 32 + code` so that one numeric sort orders them with their shop. */
  addKey(time: number, code: number): void {
    this.keys[this.purchases++] = time * CODE_BITS + code;
  }

  sortKeys(): void {
    const keys = this.keys.subarray(0, this.purchases);
    keys.sort();
    for (let k = 0; k < this.purchases; k++) {
      const key = keys[k] as number;
      const code = key % CODE_BITS;
      this.time[k] = (key - code) / CODE_BITS;
      this.store[k] = code - 1;
    }
  }

  addEntry(time: number, delta: number, reason: number): void {
    const e = this.entries++;
    this.entryTime[e] = time;
    this.delta[e] = delta;
    this.reason[e] = reason;
    this.balance += delta;
    if (delta > 0) this.lifetime += delta;
    if (time > this.lastActivity) this.lastActivity = time;
  }
}

export class ActivitySimulator {
  private readonly profilePicker = new WeightedPicker(PROFILES.map((p) => p.share));
  private readonly otherStorePickers: { picker: WeightedPicker; stores: number[] }[];

  constructor(
    private readonly cal: Calendar,
    private readonly windows: readonly StoreWindows[],
    stores: readonly DemoStore[],
    private readonly enrolments: Enrolments,
    private readonly now: number,
  ) {
    // When not at their own shop, customers mostly visit another one in the same city.
    this.otherStorePickers = stores.map((own, i) => {
      const others = stores.map((_, j) => j).filter((j) => j !== i);
      const weights = others.map((j) => (stores[j]!.city === own.city ? 6 : 1));
      return { picker: new WeightedPicker(weights), stores: others };
    });
  }

  simulate(rng: Rng, i: number, out: ActivityBuffer): void {
    const e = this.enrolments;
    const created = e.createdAt[i] as number;
    const home = e.storeIndex[i] as number;
    const source = e.source[i] as number;
    const profile = PROFILES[this.profilePicker.pick(rng)]!;
    const perMonth = rng.range(profile.min, profile.max);
    const end = rng.chance(CHURN_SHARE)
      ? Math.min(this.now, created + -Math.log(1 - rng.next()) * CHURN_MEAN_DAYS * DAY_MS)
      : this.now;
    let onlineShare = source === SOURCE_ONLINE ? 0.6 : source === SOURCE_REFERRAL ? 0.25 : 0.08;
    if (perMonth > 4) onlineShare *= 0.3;
    const spend = rng.logNormal(1, 0.3) * (perMonth > 4 ? 0.65 : 1);

    const n = Math.min(2000, rng.poisson((perMonth * (end - created)) / MONTH_MS));
    const refFrom = e.refereeStart[i] as number;
    const refTo = e.refereeStart[i + 1] as number;
    out.reset(n + 1, 2 * (n + 1) + (refTo - refFrom) + 1);

    // Most people enrol while buying something: at the till, or by creating an account at the online checkout.
    if (source === SOURCE_STORE && rng.chance(0.85)) {
      this.addFirst(out, created + rng.range(1, 8) * MINUTE_MS, home + 1);
    } else if (source === SOURCE_ONLINE && rng.chance(0.9)) {
      this.addFirst(out, created + rng.range(2, 20) * MINUTE_MS, ONLINE);
    } else if (source === SOURCE_REFERRAL && rng.chance(0.5)) {
      const inStore = rng.chance(0.4);
      const t = sampleInstant(this.cal, inStore ? this.windows[home]! : null, created, created + 3 * DAY_MS, rng);
      if (t > 0 && t < this.now) out.addKey(t, inStore ? home + 1 : ONLINE);
    }
    for (let k = 0; k < n; k++) {
      let store = -1;
      if (!rng.chance(onlineShare)) {
        if (rng.chance(PREFERRED_STORE_SHARE)) store = home;
        else {
          const other = this.otherStorePickers[home]!;
          store = other.stores[other.picker.pick(rng)]!;
        }
      }
      const t = sampleInstant(this.cal, store < 0 ? null : this.windows[store]!, created, end, rng);
      if (t > 0) out.addKey(t, store + 1);
    }
    out.sortKeys();
    for (let k = 0; k < out.purchases; k++) this.fillBasket(rng, out, k, spend);
    this.fillLedger(rng, i, source, out);
  }

  private addFirst(out: ActivityBuffer, t: number, code: number): void {
    const time = Math.floor(t);
    if (time < this.now) out.addKey(time, code);
  }

  /** Log-normal baskets: a coffee and a pastry in store, tins and gift boxes online, bigger before Christmas. */
  private fillBasket(rng: Rng, out: ActivityBuffer, k: number, spend: number): void {
    const online = (out.store[k] as number) < 0;
    const d = dayIndexOf(this.cal, out.time[k] as number);
    const christmas = this.cal.month[d] === 11 && (this.cal.dayOfMonth[d] as number) <= 24;
    const median = (online ? 42 : 9.5) * spend * (christmas ? (online ? 1.35 : 1.2) : 1);
    const euros = Math.min(450, Math.max(2.5, rng.logNormal(median, online ? 0.55 : 0.7)));
    const cents = Math.round(euros * 10) * 10;
    out.amountCents[k] = cents;
    out.items[k] = Math.max(1, Math.round(cents / (online ? 1600 : 550) + 0.7 * rng.normal()));
  }

  private fillLedger(rng: Rng, i: number, source: number, out: ActivityBuffer): void {
    const e = this.enrolments;
    if (source === SOURCE_REFERRAL && (e.referrer[i] as number) >= 0) {
      out.addEntry(e.createdAt[i] as number, REFERRAL_BONUS_POINTS, REASON_REFERRAL);
    }
    let r = e.refereeStart[i] as number;
    const refTo = e.refereeStart[i + 1] as number;
    for (let k = 0; k < out.purchases; k++) {
      const t = out.time[k] as number;
      for (; r < refTo && (e.refereeTimes[r] as number) <= t; r++) {
        out.addEntry(e.refereeTimes[r] as number, REFERRAL_BONUS_POINTS, REASON_REFERRAL);
      }
      out.addEntry(t, Math.floor((out.amountCents[k] as number) / 100), REASON_PURCHASE);
      // Rewards are redeemed at the till, right after the purchase they come with.
      if ((out.store[k] as number) >= 0 && out.balance >= REWARD_COST_POINTS && rng.chance(REDEEM_CHANCE)) {
        const at = Math.min(t + 20_000, this.now - 1);
        out.addEntry(at, -REWARD_COST_POINTS, REASON_REWARD);
      }
    }
    for (; r < refTo; r++) out.addEntry(e.refereeTimes[r] as number, REFERRAL_BONUS_POINTS, REASON_REFERRAL);
  }
}
