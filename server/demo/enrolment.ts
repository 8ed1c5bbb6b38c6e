import { DAY_MS, dayIndexOf, type Calendar } from './calendar.js';
import { type Rng, WeightedPicker } from './random.js';
import { onlineTimeOnDay, storeTimeOnDay, type StoreWindows } from './timing.js';

/** The programme launched 18 months before `now`; every enrolment and purchase of the demo falls after that. */
export const HISTORY_DAYS = 548;
export const HISTORY_MS = HISTORY_DAYS * DAY_MS;

export const SOURCE_STORE = 0;
export const SOURCE_ONLINE = 1;
export const SOURCE_REFERRAL = 2;
export const SOURCES = ['store', 'online', 'referral'] as const;

/**
 * Who enrolled when, where and through whom, in enrolment order (customer ids follow it, as they would in
 * production). Decided before any row is written because referrers earn a bonus each time a friend joins, so a
 * referrer's ledger needs its referees' enrolment times.
 */
export interface Enrolments {
  count: number;
  createdAt: Float64Array;
  storeIndex: Uint8Array;
  source: Uint8Array;
  /** Index of the referrer (an earlier customer), -1 when none. */
  referrer: Int32Array;
  /** Referees of customer i are refereeTimes[refereeStart[i] .. refereeStart[i + 1]), in time order. */
  refereeStart: Int32Array;
  refereeTimes: Float64Array;
}

const LAUNCH_SHARE = 0.06; // the existing clientele signing up in the first weeks
const LAUNCH_DAYS = 21;
const GROWTH_BASE = 0.35; // enrolment rate ∝ GROWTH_BASE + elapsed fraction: the programme grows

export function planEnrolments(
  count: number,
  start: number,
  now: number,
  cal: Calendar,
  storeWeights: readonly number[],
  windows: readonly StoreWindows[],
  rng: Rng,
): Enrolments {
  const storePicker = new WeightedPicker(storeWeights);
  const times = new Float64Array(count);
  const stores = new Uint8Array(count);
  const sources = new Uint8Array(count);
  const span = now - start;
  const a = GROWTH_BASE;
  for (let g = 0; g < count; g++) {
    const store = storePicker.pick(rng);
    const r = rng.next();
    const source = r < 0.65 ? SOURCE_STORE : r < 0.88 ? SOURCE_ONLINE : SOURCE_REFERRAL;
    let t = -1;
    while (t < 0) {
      const u = rng.next();
      // Inverse of the CDF of a density ∝ (a + f) on [0, 1].
      const f = rng.chance(LAUNCH_SHARE) ? (u * LAUNCH_DAYS * DAY_MS) / span : -a + Math.sqrt(a * a + 2 * u * (a + 0.5));
      const d = dayIndexOf(cal, start + f * span);
      if (rng.next() * cal.maxWeight > (cal.weight[d] as number)) continue;
      const candidate =
        source === SOURCE_STORE ? storeTimeOnDay(cal, windows[store] as StoreWindows, d, rng) : onlineTimeOnDay(cal, d, rng);
      if (candidate > start && candidate < now) t = candidate;
    }
    times[g] = t;
    stores[g] = store;
    sources[g] = source;
  }

  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((x, y) => (times[x] as number) - (times[y] as number) || x - y);

  const e: Enrolments = {
    count,
    createdAt: new Float64Array(count),
    storeIndex: new Uint8Array(count),
    source: new Uint8Array(count),
    referrer: new Int32Array(count).fill(-1),
    refereeStart: new Int32Array(count + 1),
    refereeTimes: new Float64Array(0),
  };
  for (let i = 0; i < count; i++) {
    const g = order[i] as number;
    e.createdAt[i] = times[g] as number;
    e.storeIndex[i] = stores[g] as number;
    e.source[i] = sources[g] as number;
  }
  assignReferrers(e, rng);
  return e;
}

/** A few enthusiastic customers bring most of the friends, as in real referral programmes. */
function assignReferrers(e: Enrolments, rng: Rng): void {
  const ambassadors = new Int32Array(e.count);
  let ambassadorCount = 0;
  const referralsOf = new Int32Array(e.count);
  let total = 0;
  for (let i = 0; i < e.count; i++) {
    if (e.source[i] === SOURCE_REFERRAL) {
      if (i === 0) e.source[i] = SOURCE_ONLINE;
      else {
        const j = ambassadorCount > 0 && rng.chance(0.6) ? (ambassadors[rng.int(ambassadorCount)] as number) : rng.int(i);
        e.referrer[i] = j;
        referralsOf[j]!++;
        total++;
      }
    }
    if (rng.chance(0.04)) ambassadors[ambassadorCount++] = i;
  }
  for (let i = 0; i < e.count; i++) e.refereeStart[i + 1] = (e.refereeStart[i] as number) + (referralsOf[i] as number);
  e.refereeTimes = new Float64Array(total);
  const fill = referralsOf.fill(0);
  for (let i = 0; i < e.count; i++) {
    const j = e.referrer[i] as number;
    if (j < 0) continue;
    e.refereeTimes[(e.refereeStart[j] as number) + (fill[j] as number)] = e.createdAt[i] as number;
    fill[j]!++;
  }
}
