import { dayIndexOf, type Calendar } from './calendar.js';
import type { Rng } from './random.js';
import { WEEKDAYS, type OpeningHours } from '../stores/stores-repository.js';

const MINUTE_MS = 60_000;
export const LAST_CALL_MINUTES = 10;

/** Opening windows in minutes since local midnight, per weekday (Monday first), flattened as [open, close, …]. */
export type StoreWindows = readonly (readonly number[])[];

export function storeWindows(hours: OpeningHours): StoreWindows {
  const minutes = (hhmm: string): number => {
    const [h, m] = hhmm.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  return WEEKDAYS.map((day) => hours[day].flatMap(([open, close]) => [minutes(open), minutes(close)]));
}

/** An instant inside the shop's opening hours on local day `d`, or -1 when it is closed that day. Visits peak in the
 * middle of the opening window (mean of two uniforms) and start at least LAST_CALL_MINUTES before closing, so that an
 * enrolment at the till and the purchase that follows it both fall within opening hours. */
export function storeTimeOnDay(cal: Calendar, windows: StoreWindows, d: number, rng: Rng): number {
  if (cal.holiday[d]) return -1;
  const w = windows[cal.weekday[d] as number];
  if (!w || w.length === 0) return -1;
  const k = 2 * rng.int(w.length / 2);
  const open = w[k] as number;
  const close = (w[k + 1] as number) - LAST_CALL_MINUTES;
  const minute = open + (close - open) * 0.5 * (rng.next() + rng.next());
  return (cal.wallBase[d] as number) + Math.floor(minute * MINUTE_MS);
}

/** An instant of an online order on local day `d`: mostly evenings, some at lunch, a few at night. */
export function onlineTimeOnDay(cal: Calendar, d: number, rng: Rng): number {
  const r = rng.next();
  const hour = r < 0.2 ? rng.range(12, 14) : r < 0.85 ? rng.range(18, 23.5) : r < 0.95 ? rng.range(7, 12) : rng.range(0, 7);
  return (cal.wallBase[d] as number) + Math.floor(hour * 60 * MINUTE_MS);
}

/**
 * An instant strictly between `lo` and `hi`, days drawn in proportion to the seasonal weight (rejection sampling), in
 * the shop's opening hours when `windows` is given, online hours otherwise. Returns -1 when no such instant turns up
 * (a window of a few hours on a closed day): the caller decides what to do instead.
 */
export function sampleInstant(
  cal: Calendar,
  windows: StoreWindows | null,
  lo: number,
  hi: number,
  rng: Rng,
  tries = 40,
): number {
  if (hi - lo < 2) return -1;
  const first = dayIndexOf(cal, lo);
  const span = dayIndexOf(cal, hi) - first + 1;
  for (let i = 0; i < tries; i++) {
    const d = first + rng.int(span);
    if (rng.next() * cal.maxWeight > (cal.weight[d] as number)) continue;
    const t = windows ? storeTimeOnDay(cal, windows, d, rng) : onlineTimeOnDay(cal, d, rng);
    if (t > lo && t < hi) return t;
  }
  return -1;
}
